"""The layers only point down: an app imports the apps below it, never one above (docs/architecture.md).

    core  ←  accounts  ←  skp  ←  penilaian  ←  harian  ←  laporan  ←  api  ←  ekinerja (wiring, the demo)

Every import statement of every module is read, including the ones inside functions."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top. A package may import its own modules and anything listed before it.
LAYERS = ["core", "accounts", "skp", "penilaian", "harian", "laporan", "api", "ekinerja"]


def imported_packages(source: str) -> set[str]:
    """The top-level names a module imports (absolute imports; relative ones stay in the package)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def violations(root: Path, layers: list[str]) -> list[str]:
    """Every "module imports a package above it" in the tree, as readable lines."""
    found = []
    for position, package in enumerate(layers):
        above = set(layers[position + 1 :])
        for path in sorted((root / package).rglob("*.py")):
            for name in sorted(imported_packages(path.read_text(encoding="utf-8")) & above):
                found.append(f"{path.relative_to(root)} imports {name}, which is above {package}")
    return found


def test_no_app_imports_an_app_above_it():
    assert violations(ROOT, LAYERS) == []


def test_every_app_of_ours_has_its_place_in_the_layers():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} | {p.parent.name for p in ROOT.glob("*/__init__.py")}
    ours = apps - {"tests", "benchmarks", "scripts", "static", "templates", "docs"}
    assert ours <= set(LAYERS), f"add {sorted(ours - set(LAYERS))} to LAYERS in tests/test_layering.py"


@pytest.mark.parametrize(
    ("statement", "caught"),
    [
        ("from penilaian.models import PeriodePenilaian", True),
        ("import penilaian.services", True),
        ("def f():\n    from penilaian import services\n", True),
        ("from accounts.models import User", False),
        ("from . import models", False),
        ("from skp.models import Skp", False),
    ],
)
def test_the_check_catches_an_upward_import_wherever_it_is_written(tmp_path, statement, caught):
    for package in ("accounts", "skp", "penilaian"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "skp" / "module.py").write_text(statement + "\n")

    assert bool(violations(tmp_path, ["accounts", "skp", "penilaian"])) is caught
