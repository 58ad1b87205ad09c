"""Which code is running, as a short hash of its sources.

The shared (Redis) caches' keys carry it beside the data version (registry.db.freshness): an answer depends on the
templates, serializers, translations and static files that made it as much as on the data, so after a deploy no
server answers from what the code before it wrote (a field taken out of the API for someone's safety stays out,
whatever was kept), and two versions running side by side during a deploy never share answers. Within one process
(the LocMem caches) the code cannot change.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# What makes an answer: the apps' code and templates, translations, static files (their hashed names are in every
# page), and the pinned dependencies.
SOURCES = ("registry", "pardons", "templates", "static", "locale")
SUFFIXES = frozenset({".py", ".html", ".txt", ".mo", ".css", ".js", ".svg", ".json"})
PINS = "pyproject.toml"


def fingerprint(base: Path) -> str:
    """A hash of the sources under `base`, the same wherever the project is installed (paths are relative)."""
    digest = hashlib.sha256()
    files = [base / PINS] if (base / PINS).is_file() else []
    for folder in SOURCES:
        files += [
            path
            for path in (base / folder).rglob("*")
            if path.suffix in SUFFIXES and "__pycache__" not in path.parts and path.is_file()
        ]
    for path in sorted(files):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
