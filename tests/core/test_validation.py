"""core/validation.py: Nova-worded 400s naming the wrong field, and one compiled validator per schema."""

from __future__ import annotations

from typing import Any

import pytest

from twinstack.core.errors import ApiError
from twinstack.core.validation import BOOLEAN, NAME, compiled, validate

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "server": {
            "type": "object",
            "properties": {"name": NAME, "count": {"type": "integer", "minimum": 1}, "flag": BOOLEAN},
            "required": ["name"],
            "additionalProperties": False,
        },
    },
    "required": ["server"],
    "additionalProperties": False,
}


def _message(body: Any, schema: dict[str, Any] = SCHEMA) -> str:
    with pytest.raises(ApiError) as info:
        validate(body, schema)
    assert info.value.status == 400
    return info.value.message


def test_a_fitting_body_comes_back_unchanged() -> None:
    body = {"server": {"name": "vm", "count": 2, "flag": "yes"}}
    assert validate(body, SCHEMA) is body


def test_a_missing_field_names_the_object_that_lacks_it() -> None:
    """Nova's wording: the innermost key of the error's path, the instance as Python prints it."""
    assert _message({"server": {}}) == (
        "Invalid input for field/attribute server. Value: {}. 'name' is a required property")
    assert _message({}) == "'server' is a required property"  # at the top level: the bare message


def test_a_wrong_value_is_shown_with_the_reason() -> None:
    assert _message({"server": {"name": "vm", "count": 0}}) == (
        "Invalid input for field/attribute count. Value: 0. 0 is less than the minimum of 1")
    assert _message([1]) == "[1] is not of type 'object'"


def test_an_unexpected_field_is_named() -> None:
    assert _message({"server": {"name": "vm", "colour": "red"}}) == (
        "Invalid input for field/attribute server. Value: {'name': 'vm', 'colour': 'red'}. "
        "Additional properties are not allowed ('colour' was unexpected)")


def test_a_long_value_is_cut_in_the_message() -> None:
    message = _message({"server": {"name": "x" * 2000}})
    assert "Value: " + "x" * 1024 + "..." in message and len(message) < 3200


def test_the_boolean_block_takes_the_spellings_services_accept() -> None:
    schema = {"type": "object", "properties": {"flag": BOOLEAN}}
    for ok in (True, False, "true", "False", "1", "0", "yes", "no"):
        validate({"flag": ok}, schema)
    _message({"flag": "maybe"}, schema)


def test_a_schema_is_compiled_once_and_an_equal_copy_shares_the_validator() -> None:
    assert compiled(SCHEMA) is compiled(SCHEMA)
    copy = {**SCHEMA}
    assert compiled(copy) is compiled(SCHEMA)  # the same JSON text: the same cached validator
    assert compiled(SCHEMA, None) is not compiled(SCHEMA)  # a different format checker
