"""Network keeps the service skeleton: handlers in ``api/`` reach the store only through ``manager/``,
and ``local.py`` and ``bootstrap.py`` call the domain layer, never the HTTP one."""

from __future__ import annotations

import ast
from pathlib import Path

import twinstack.network

PACKAGE = Path(twinstack.network.__file__).parent


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (``from a import b`` counts as a and a.b)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{alias.name}" for alias in node.names}
    return out


def test_handlers_do_not_touch_the_tables() -> None:
    for path in sorted((PACKAGE / "api").glob("*.py")):
        assert "twinstack.network.tables" not in imported_modules(path), path.name


def test_local_and_bootstrap_call_the_domain_layer_not_the_api() -> None:
    for name in ("local.py", "bootstrap.py"):
        modules = imported_modules(PACKAGE / name)
        assert not [m for m in modules if m.startswith("twinstack.network.api")], name
        assert any(m.startswith("twinstack.network.manager") for m in modules), name


def test_the_domain_layer_does_not_import_the_api() -> None:
    for path in sorted((PACKAGE / "manager").glob("*.py")):
        assert not [m for m in imported_modules(path) if m.startswith("twinstack.network.api")], path.name


def test_the_attribute_maps_are_data_apart_from_the_logic() -> None:
    """schemas/ holds each resource's attribute map (neutron-lib's API definitions): it imports no
    manager, handler or table, so reading what a request may carry needs nothing else."""
    paths = sorted((PACKAGE / "schemas").glob("*.py"))
    assert len(paths) > 10
    for path in paths:
        forbidden = ("twinstack.network.manager", "twinstack.network.api", "twinstack.network.tables")
        assert not [m for m in imported_modules(path) if m.startswith(forbidden)], path.name
