"""core/validation.py's fast check says "valid" exactly when jsonschema's Draft 4 validator finds no error:
every schema the services' schema modules declare, against bodies generated from them and mutated."""

from __future__ import annotations

import importlib
import json
import pkgutil
import random
from typing import Any

import pytest
from jsonschema.exceptions import SchemaError
from jsonschema.validators import Draft4Validator

import twinstack
from twinstack.core import validation
from twinstack.core.validation import compiled, is_valid_fast

ODD: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2,
    1.0,
    1.5,
    "",
    " ",
    "a",
    " a",
    "a ",
    "1",
    "0",
    "-1",
    "true",
    "True",
    "yes",
    "off",
    "none",
    "auto",
    "AUTO",
    "MANUAL",
    "10.0.0.1",
    "::1",
    "fe80::1",
    "999.1.1.1",
    "x" * 256,
    "x" * 70000,
    "a,b",
    "a/b",
    "de305d54-75b4-431b-adb2-eb6b9e546014",
    "de305d5475b4431badb2eb6b9e546014",
    "not-a-uuid",
    "aGVsbG8=",
    "!!",
    [],
    [1],
    ["a"],
    [{}],
    {},
    {"a": 1},
    {"name": "x"},
    "2024-01-01T00:00:00Z",
    "a@b.c",
]


def _schemas() -> list[tuple[str, dict[str, Any]]]:
    """Every dict that looks like a JSON schema in a module whose path names schemas."""
    found: dict[int, tuple[str, dict[str, Any]]] = {}
    for info in pkgutil.walk_packages(twinstack.__path__, "twinstack."):
        if "schema" not in info.name:
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception:  # an optional dependency missing: not this test's business
            continue
        for name, value in vars(module).items():
            if isinstance(value, dict) and ("type" in value or "properties" in value) and id(value) not in found:
                try:
                    json.dumps(value)
                    Draft4Validator.check_schema(value)
                except (TypeError, ValueError, SchemaError):
                    continue
                found[id(value)] = (f"{info.name}.{name}", value)
    return list(found.values())


def _sample(schema: Any, rng: random.Random, depth: int = 0) -> Any:
    """A value near what ``schema`` asks for (often valid, sometimes off by a little)."""
    if not isinstance(schema, dict) or depth > 6 or rng.random() < 0.05:
        return rng.choice(ODD)
    for key in ("oneOf", "anyOf", "allOf"):
        if key in schema and rng.random() < 0.7:
            return _sample(rng.choice(schema[key]), rng, depth + 1)
    if "enum" in schema and rng.random() < 0.8:
        return rng.choice(schema["enum"])
    types = schema.get("type", "object" if "properties" in schema else None)
    kind = rng.choice(types) if isinstance(types, list) else types
    if kind == "object":
        props = schema.get("properties", {})
        out = {
            k: _sample(v, rng, depth + 1)
            for k, v in props.items()
            if k in schema.get("required", []) or rng.random() < 0.3
        }
        for _pattern, sub in schema.get("patternProperties", {}).items():
            if rng.random() < 0.5:
                out[rng.choice(["key", "a b", "k:1", "x" * 300, "é", ""])] = _sample(sub, rng, depth + 1)
        if rng.random() < 0.1:
            out["unexpected"] = 1
        if rng.random() < 0.1 and out:
            out.pop(rng.choice(list(out)))
        return out
    if kind == "array":
        return [_sample(schema.get("items", {}), rng, depth + 1) for _ in range(rng.choice([0, 1, 1, 2, 3]))]
    if kind == "string":
        if rng.random() < 0.5:
            return rng.choice([v for v in ODD if isinstance(v, str)])
        low, high = schema.get("minLength", 0), min(schema.get("maxLength", 20), 300)
        return "".join(rng.choice("ab1-_ :") for _ in range(rng.randint(low, max(low, high))))
    if kind in ("integer", "number"):
        return rng.choice([-1, 0, 1, 2, 100, 2**31, 1.0, 0.5, True])
    if kind == "boolean":
        return rng.choice([True, False, "true", 1])
    return rng.choice(ODD)


@pytest.mark.parametrize(("name", "schema"), _schemas(), ids=lambda v: v if isinstance(v, str) else "")
def test_the_fast_check_agrees_with_jsonschema(name: str, schema: dict[str, Any]) -> None:
    rng = random.Random(name)
    validator = compiled(schema)
    fast_supported = validation._fast_check(schema, validation._FORMAT_CHECKER) is not None
    for value in [*ODD, *(_sample(schema, rng) for _ in range(300))]:
        valid = next(iter(validator.iter_errors(value)), None) is None
        fast = is_valid_fast(value, schema)
        assert not fast or valid, f"{name}: the fast check accepted {value!r}, which jsonschema rejects"
        if fast_supported:
            assert fast == valid, f"{name}: the fast check rejected {value!r}, which jsonschema accepts"


def test_every_keyword_as_draft_4_reads_it() -> None:
    schema = {
        "type": "object",
        "properties": {
            "n": {"type": "integer", "minimum": 1, "exclusiveMinimum": True, "maximum": 5},
            "f": {"type": "number", "maximum": 2, "exclusiveMaximum": True},
            "e": {"enum": [1, True, "x", None, [1], {"a": 1}]},
            "one": {"oneOf": [{"type": "string"}, {"type": "string", "minLength": 2}]},
            "any": {"anyOf": [{"type": "null"}, {"type": "integer"}]},
            "not": {"not": {"type": "string"}},
            "list": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string", "pattern": "^a"}},
            "map": {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "patternProperties": {"^x": {"type": "integer"}, "y$": {"type": "string"}},
                "additionalProperties": {"type": "boolean"},
            },
            "ip": {"type": "string", "format": "ipv4"},
        },
        "additionalProperties": False,
    }
    validator = compiled(schema)
    cases = [
        {"n": 2},
        {"n": 1},
        {"n": 5},
        {"n": 6},
        {"n": True},
        {"n": 2.0},
        {"f": 1.9},
        {"f": 2},
        {"f": False},
        {"e": 1},
        {"e": True},
        {"e": 1.0},
        {"e": 0},
        {"e": False},
        {"e": "x"},
        {"e": None},
        {"e": [1]},
        {"e": [True]},
        {"e": {"a": 1}},
        {"e": {"a": True}},
        {"one": "a"},
        {"one": "ab"},
        {"one": 1},
        {"any": None},
        {"any": 1},
        {"any": "1"},
        {"not": 1},
        {"not": "s"},
        {"list": []},
        {"list": ["a"]},
        {"list": ["a", "b"]},
        {"list": ["a", "a", "a"]},
        {"list": "a"},
        {"map": {}},
        {"map": {"x1": 1}},
        {"map": {"x1": "1"}},
        {"map": {"xy": 1}},
        {"map": {"xy": "1"}},
        {"map": {"z": True}},
        {"map": {"z": 1}},
        {"map": {"a": True, "b": False}},
        {"ip": "10.0.0.1"},
        {"ip": "10.0.0.256"},
        {"ip": 7},
        {"other": 1},
        {},
        [],
        "s",
    ]
    for value in cases:
        assert is_valid_fast(value, schema) == (next(iter(validator.iter_errors(value)), None) is None), value


def test_a_format_jsonschema_does_not_check_is_no_constraint_for_either() -> None:
    for schema in ({"type": "string", "format": "no-such-format"}, {"type": "string", "format": "date-time"}):
        assert is_valid_fast("not a date", schema)
        assert validation.validate("not a date", schema) == "not a date"


def test_defaults_are_not_written_into_the_body() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer", "default": 1}}}
    body: dict[str, Any] = {}
    assert is_valid_fast(body, schema)
    assert body == {}
