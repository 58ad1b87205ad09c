"""The architecture as the README draws it: the import contracts in pyproject.toml hold, and no module
imports itself through others."""

import subprocess
import sys
from pathlib import Path

import grimp
from django.conf import settings


def test_the_layers_and_their_direction_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")

    result = subprocess.run([lint_imports], cwd=settings.BASE_DIR, capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph("registry", "pardons")
    cycles = [
        (importer, imported, graph.find_shortest_chain(importer=imported, imported=importer))
        for importer in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(importer))
        if graph.find_shortest_chain(importer=imported, imported=importer)
    ]

    assert cycles == []
