"""Request-body validation with JSON Schema, as Nova, Cinder and Keystone do it.

Messages follow Nova's ``Invalid input for field/attribute <path>. Value: <v>. <reason>`` so a person
reading a 400 knows which field is wrong and why.
"""

from __future__ import annotations

import json
import numbers
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import jsonschema
from jsonschema._utils import equal as _json_equal
from jsonschema.validators import Draft4Validator
from oslo_utils import uuidutils

from twinstack.core.errors import ApiError

# Draft 4's formats, plus the "uuid" Nova registers (oslo's is_uuid_like: any case, dashes optional)
_FORMAT_CHECKER = jsonschema.FormatChecker(list(Draft4Validator.FORMAT_CHECKER.checkers))
_FORMAT_CHECKER.checks("uuid")(lambda value: not isinstance(value, str) or uuidutils.is_uuid_like(value))


@cache
def _validator(schema_json: str, format_checker: jsonschema.FormatChecker | None) -> Draft4Validator:
    return Draft4Validator(json.loads(schema_json), format_checker=format_checker)


# The validator last found for a schema object (kept alive here, so its id is not reused): a schema
# that a handler builds once is not serialised again to find its validator on every request.
_BY_IDENTITY: dict[tuple[int, int], tuple[dict[str, Any], Draft4Validator]] = {}


def compiled(schema: dict[str, Any],
             format_checker: jsonschema.FormatChecker | None = _FORMAT_CHECKER) -> Draft4Validator:
    """A validator for ``schema``, built once per schema and format checker, for services that word
    their own 400s (Keystone, Placement, Glance) but should not rebuild a validator per request."""
    key = (id(schema), id(format_checker))
    hit = _BY_IDENTITY.get(key)
    if hit is not None and hit[0] is schema:
        return hit[1]
    validator = _validator(json.dumps(schema, sort_keys=True), format_checker)
    if len(_BY_IDENTITY) >= 512:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[key] = (schema, validator)
    return validator


# -- a fast yes for the bodies that fit -----------------------------------------------------------------
# jsonschema walks a body through generic machinery (~60 us for a server create). Most bodies are valid: a
# schema is compiled once into plain Python checks that answer only "valid or not", with Draft 4's rules
# exactly (each keyword as jsonschema's Draft4Validator applies it); a body they accept is valid, and any
# other goes through jsonschema, which finds the error and words it. A schema with a keyword these checks do
# not implement ($ref, uniqueItems, dependencies...) always goes through jsonschema.
Check = Callable[[Any], bool]
_TYPES: dict[str, Check] = {
    "string": lambda x: isinstance(x, str),
    "integer": lambda x: isinstance(x, int) and not isinstance(x, bool),
    "number": lambda x: isinstance(x, numbers.Number) and not isinstance(x, bool),
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
}
# what Draft 4 validates and jsonschema would not ignore; other keys are annotations (ignored by both)
_DRAFT4 = frozenset(Draft4Validator.VALIDATORS)


class _Unsupported(Exception):
    pass


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def every(x: Any) -> bool:
        for check in checks:  # noqa: SIM110 - a loop, not all() over a generator: this runs per keyword
            if not check(x):
                return False
        return True

    return every


def _compile(schema: Any, fc: jsonschema.FormatChecker | None) -> Check | None:
    """A check for ``schema`` (None: every instance is valid); raises _Unsupported."""
    if not isinstance(schema, dict) or "$ref" in schema:
        raise _Unsupported
    checks: list[Check] = []
    obj = _object_check(schema, fc)
    if obj is not None:
        checks.append(obj)
    for key, value in schema.items():
        if key not in _DRAFT4 or key in _OBJECT_KEYS or key in ("exclusiveMinimum", "exclusiveMaximum"):
            continue
        check = _keyword(key, value, schema, fc)
        if check is not None:
            checks.append(check)
    return _all(checks) if checks else None


def _keyword(key: str, value: Any, schema: dict[str, Any], fc: jsonschema.FormatChecker | None) -> Check | None:
    if key == "type":
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) and n in _TYPES for n in names):
            raise _Unsupported
        tests = [_TYPES[n] for n in names]
        if len(tests) == 1:
            return tests[0]
        return lambda x: any(test(x) for test in tests)
    if key == "enum":
        if not isinstance(value, list):
            raise _Unsupported
        strings = frozenset(v for v in value if isinstance(v, str))
        others = [v for v in value if not isinstance(v, str)]
        # jsonschema's equal: a string equals only an equal string; True is not 1, nor False 0
        return lambda x: x in strings if isinstance(x, str) else any(_json_equal(v, x) for v in others)
    if key in ("minLength", "maxLength", "minItems", "maxItems"):
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Unsupported
        kind = str if key.endswith("Length") else list
        n = value
        if key.startswith("min"):
            return lambda x: not isinstance(x, kind) or len(x) >= n
        return lambda x: not isinstance(x, kind) or len(x) <= n
    if key in ("minimum", "maximum"):
        if not isinstance(value, numbers.Number) or isinstance(value, bool):
            raise _Unsupported
        limit = value
        number = _TYPES["number"]
        if key == "minimum":
            if schema.get("exclusiveMinimum", False):
                return lambda x: not number(x) or x > limit
            return lambda x: not number(x) or x >= limit
        if schema.get("exclusiveMaximum", False):
            return lambda x: not number(x) or x < limit
        return lambda x: not number(x) or x <= limit
    if key == "pattern":
        search = re.compile(value).search
        return lambda x: not isinstance(x, str) or search(x) is not None
    if key == "format":
        if fc is None:
            return None
        conforms = fc.conforms
        return lambda x: conforms(x, value)
    if key == "items":
        if not isinstance(value, dict):
            raise _Unsupported  # a list of schemas (tuple validation)
        item = _compile(value, fc)
        if item is None:
            return None
        return lambda x: not isinstance(x, list) or all(item(i) for i in x)
    if key in ("oneOf", "anyOf", "allOf"):
        if not isinstance(value, list) or not value:
            raise _Unsupported
        subs = [_compile(v, fc) for v in value]
        if key == "allOf":
            real = [c for c in subs if c is not None]
            return _all(real) if real else None
        if key == "anyOf":
            if any(c is None for c in subs):
                return None
            return lambda x: any(c(x) for c in subs)  # type: ignore[misc]
        return lambda x: sum(1 for c in subs if c is None or c(x)) == 1
    if key == "not":
        sub = _compile(value, fc)
        if sub is None:
            return lambda x: False
        return lambda x: not sub(x)
    if key in ("minProperties", "maxProperties"):
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Unsupported
        n = value
        if key == "minProperties":
            return lambda x: not isinstance(x, dict) or len(x) >= n
        return lambda x: not isinstance(x, dict) or len(x) <= n
    raise _Unsupported  # uniqueItems, dependencies, multipleOf, additionalItems: jsonschema's


_OBJECT_KEYS = frozenset({"properties", "required", "additionalProperties", "patternProperties"})


def _object_check(schema: dict[str, Any], fc: jsonschema.FormatChecker | None) -> Check | None:
    """properties, required, additionalProperties and patternProperties in one pass over the body's keys."""
    if not _OBJECT_KEYS.intersection(schema):
        return None
    raw_props = schema.get("properties", {})
    required = schema.get("required", [])
    additional = schema.get("additionalProperties", True)
    raw_patterns = schema.get("patternProperties", {})
    if not isinstance(raw_props, dict) or not isinstance(required, list) or not isinstance(raw_patterns, dict):
        raise _Unsupported
    props = {name: _compile(sub, fc) for name, sub in raw_props.items()}
    patterns = [(re.compile(p).search, _compile(sub, fc)) for p, sub in raw_patterns.items()]
    # jsonschema's find_additional_properties: a key no property names and the patterns joined do not match
    joined = re.compile("|".join(raw_patterns)).search if raw_patterns else None
    if isinstance(additional, bool):
        extra: Check | None = None if additional else (lambda x: False)
    else:
        extra = _compile(additional, fc)
    if "additionalProperties" not in schema:
        extra = None
    required = list(required)
    missing = object()

    def check(x: Any) -> bool:
        if not isinstance(x, dict):
            return True
        for name in required:
            if name not in x:
                return False
        for key, value in x.items():
            sub = props.get(key, missing)
            if sub is missing:
                if extra is not None and (joined is None or joined(key) is None) and not extra(value):
                    return False
            elif sub is not None and not sub(value):  # type: ignore[operator]
                return False
            for search, pattern_check in patterns:
                if pattern_check is not None and search(key) is not None and not pattern_check(value):
                    return False
        return True

    return check


def _fast_check(schema: dict[str, Any], fc: jsonschema.FormatChecker | None) -> Check | bool | None:
    """The compiled check, None when every body fits, False when jsonschema must always decide."""
    try:
        return _compile(schema, fc)
    except (_Unsupported, re.error, TypeError):
        return False


_FAST: dict[int, tuple[dict[str, Any], Check | bool | None]] = {}


def is_valid_fast(body: Any, schema: dict[str, Any]) -> bool:
    """True only if ``body`` is valid under ``schema`` (False: ask jsonschema, it may be valid too)."""
    hit = _FAST.get(id(schema))
    if hit is None or hit[0] is not schema:
        if len(_FAST) >= 512:
            _FAST.clear()
        hit = _FAST[id(schema)] = (schema, _fast_check(schema, _FORMAT_CHECKER))
    check = hit[1]
    if check is None:
        return True
    if check is False:
        return False
    try:
        return bool(check(body))  # type: ignore[operator]
    except Exception:  # a format checker that raises: jsonschema's way, in its order
        return False


def validate(body: Any, schema: dict[str, Any]) -> Any:
    """Raise a 400 as Nova's (and Cinder's) _SchemaValidator words it; return the body when it fits.

    Nova raises the first error the validator finds (``Validator.validate``, not best_match); inside
    the body it names the innermost key of the error's path and the offending instance as Python prints
    it: ``Invalid input for field/attribute server. Value: {'name': 'a'}. 'networks' is a required
    property``; at the top level it is the bare jsonschema message."""
    if is_valid_fast(body, schema):
        return body
    validator = compiled(schema)
    error = next(iter(validator.iter_errors(body)), None)
    if error is None:
        return body
    if not error.path:
        raise ApiError(400, error.message)
    value = str(error.instance)
    if len(value) > 1024:  # Nova prints it whole; a cap keeps an oversized field's 400 small
        value = value[:1024] + "..."
    raise ApiError(400, f"Invalid input for field/attribute {error.path[-1]}. Value: {value}. {error.message}")


# Small building blocks the services' schemas share.
NAME = {"type": "string", "minLength": 1, "maxLength": 255}
NULLABLE_STRING = {"type": ["string", "null"]}
BOOLEAN = {
    "type": ["boolean", "string"],
    "enum": [True, False, "true", "false", "True", "False", "1", "0", "yes", "no"],
}
UUID_LIKE = {"type": "string", "minLength": 1, "maxLength": 64}
