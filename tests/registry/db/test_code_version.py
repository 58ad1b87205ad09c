"""registry.db.code_version: the shared caches' keys name the code that made an answer, so a deploy never serves
what the code before it kept."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

from registry.db.code_version import fingerprint


@pytest.fixture
def project(tmp_path):
    base = tmp_path / "one"
    (base / "registry" / "api").mkdir(parents=True)
    (base / "templates").mkdir()
    (base / "locale" / "be" / "LC_MESSAGES").mkdir(parents=True)
    (base / "pyproject.toml").write_text('dependencies = ["Django==5.2.8"]\n')
    (base / "registry" / "api" / "serializers.py").write_text("FIELDS = ['id', 'display_name']\n")
    (base / "templates" / "base.html").write_text("<main>{% block content %}{% endblock %}</main>\n")
    (base / "locale" / "be" / "LC_MESSAGES" / "django.mo").write_bytes(b"\x95\x04\x12\xde")
    return base


def test_the_same_sources_anywhere_have_one_fingerprint(project, tmp_path):
    elsewhere = tmp_path / "deployed" / "elsewhere"
    shutil.copytree(project, elsewhere)

    assert fingerprint(elsewhere) == fingerprint(project)


@pytest.mark.parametrize(
    ("changed", "content"),
    [
        ("registry/api/serializers.py", "FIELDS = ['id']\n"),
        ("templates/base.html", "<main></main>\n"),
        ("locale/be/LC_MESSAGES/django.mo", b"\x95\x04\x12\xdf"),
        ("pyproject.toml", 'dependencies = ["Django==5.2.9"]\n'),
        ("templates/registry/new_page.html", "new\n"),
    ],
)
def test_a_change_to_code_templates_translations_or_pins_changes_it(project, changed, content):
    before = fingerprint(project)
    path = project / changed
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)

    assert fingerprint(project) != before


def test_what_does_not_make_an_answer_leaves_it(project):
    before = fingerprint(project)
    (project / "registry" / "api" / "__pycache__").mkdir()
    (project / "registry" / "api" / "__pycache__" / "serializers.cpython-311.pyc").write_bytes(b"compiled")
    (project / "README.md").write_text("notes\n")
    (project / "var").mkdir()
    (project / "var" / "postmaster.pid").write_text("1\n")

    assert fingerprint(project) == before


def test_with_redis_the_kept_answers_keys_name_the_code_and_the_throttles_do_not():
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:9/0", "DEBUG": "true", "CACHE_KEY_PREFIX": "reg"}
    script = "from django.conf import settings as s; import json; print(json.dumps(s.CACHES))"
    run = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "registry.settings"},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    caches = json.loads(run.stdout)
    code = fingerprint(settings.BASE_DIR)

    assert caches["derived"]["KEY_PREFIX"] == f"reg:derived:{code}"
    assert caches["checks"]["KEY_PREFIX"] == f"reg:checks:{code}"
    assert caches["default"]["KEY_PREFIX"] == "reg:default"  # a throttle's count holds across a deploy
