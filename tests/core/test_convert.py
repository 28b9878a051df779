"""core/convert.py: the one boolean converter, on oslo.utils' spellings."""

from __future__ import annotations

import pytest

from twinstack.core.convert import FALSE_STRINGS, TRUE_STRINGS, is_bool_like, to_bool


@pytest.mark.parametrize("value", [True, "1", "t", "TRUE", "On", "y", "yes", " true "])
def test_true_spellings(value: object) -> None:
    assert to_bool(value) is True and to_bool(value, strict=True) is True


@pytest.mark.parametrize("value", [False, "0", "f", "false", "OFF", "n", "No"])
def test_false_spellings(value: object) -> None:
    assert to_bool(value, default=True) is False and to_bool(value, strict=True) is False


def test_unknown_spellings_fall_to_the_default_or_raise_when_strict() -> None:
    assert to_bool("maybe") is False and to_bool("maybe", default=True) is True
    with pytest.raises(ValueError):
        to_bool("maybe", strict=True)


def test_none_is_always_the_default_even_when_strict() -> None:
    assert to_bool(None) is False
    assert to_bool(None, strict=True, default=True) is True


def test_is_bool_like() -> None:
    assert all(is_bool_like(s) for s in TRUE_STRINGS | FALSE_STRINGS)
    assert is_bool_like(True) and is_bool_like(" Yes ")
    assert not is_bool_like("maybe") and not is_bool_like(1) and not is_bool_like(None)
