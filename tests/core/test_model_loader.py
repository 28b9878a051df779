"""Model layering and error reporting, as unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from twinstack.model import loader


def test_named_items_merge_by_name_and_others_add_up() -> None:
    base = {"identity": {"users": [{"name": "demo", "password": "a", "email": "d@x"}],
                         "assignments": [{"role": "member", "user": "demo", "project": "demo"}]}}
    over = {"identity": {"users": [{"name": "demo", "password": "b"}, {"name": "new"}],
                         "assignments": [{"role": "reader", "user": "new", "project": "demo"}]}}
    merged = loader.merge(base, over)
    assert merged["identity"]["users"] == [{"name": "demo", "password": "b", "email": "d@x"}, {"name": "new"}]
    assert len(merged["identity"]["assignments"]) == 2


def test_scalars_and_scalar_lists_replace() -> None:
    assert loader.merge({"a": [1, 2], "b": 1}, {"a": [3], "b": 2}) == {"a": [3], "b": 2}


def test_every_error_is_listed_with_its_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("identity:\n  projects:\n    - {name: ok}\n    - {description: x}\n  users: 3\nsurprise: 1\n")
    with pytest.raises(loader.ModelError) as err:
        loader.load([str(bad)])
    errors = err.value.errors
    assert "identity.projects[1].name: Field required" in errors
    assert any(e.startswith("identity.users:") and "found 3" in e for e in errors)
    assert any(e.startswith("surprise:") for e in errors)


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("identity:\n  projects: [\n")
    with pytest.raises(loader.ModelError) as err:
        loader.load([str(bad)])
    assert "line" in err.value.errors[0]


def test_inherit_default_false_starts_from_bootstrap(tmp_path: Path) -> None:
    model = tmp_path / "m.yaml"
    model.write_text("inherit_default: false\n")
    assert loader.load([str(model)]).identity.users == []
    assert [u.name for u in loader.load([]).identity.users][:1] == ["demo"]
