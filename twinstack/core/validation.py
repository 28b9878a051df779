"""Request-body validation with JSON Schema, as Nova, Cinder and Keystone do it.

Messages follow Nova's ``Invalid input for field/attribute <path>. Value: <v>. <reason>`` so a person
reading a 400 knows which field is wrong and why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache, partial
from typing import Any, Generic, TypeVar, cast

import jsonschema
from jsonschema.validators import Draft4Validator
from oslo_utils import uuidutils

from twinstack.core.errors import ApiError

# Draft 4's formats, plus the "uuid" Nova registers (oslo's is_uuid_like: any case, dashes optional)
_FORMAT_CHECKER = jsonschema.FormatChecker(list(Draft4Validator.FORMAT_CHECKER.checkers))
_FORMAT_CHECKER.checks("uuid")(lambda value: not isinstance(value, str) or uuidutils.is_uuid_like(value))


_T = TypeVar("_T")


@cache
def _validator(schema_json: str, format_checker: jsonschema.FormatChecker | None) -> Draft4Validator:
    return Draft4Validator(json.loads(schema_json), format_checker=format_checker)


class _PerSchema(Generic[_T]):
    """What is built once per schema object (a validator, a fast check), found by the object's identity and
    kept with it (so its id is not reused): a schema a handler builds once is not serialised again to find
    what was built for it on every request."""

    def __init__(self, build: Callable[[dict[str, Any], jsonschema.FormatChecker | None], _T]) -> None:
        self._build = build
        self._found: dict[tuple[int, int], tuple[dict[str, Any], _T]] = {}

    def get(self, schema: dict[str, Any], format_checker: jsonschema.FormatChecker | None) -> _T:
        key = (id(schema), id(format_checker))
        hit = self._found.get(key)
        if hit is not None and hit[0] is schema:
            return hit[1]
        value = self._build(schema, format_checker)
        if len(self._found) >= 512:
            self._found.clear()
        self._found[key] = (schema, value)
        return value


_VALIDATORS = _PerSchema(lambda schema, fc: _validator(json.dumps(schema, sort_keys=True), fc))


def compiled(schema: dict[str, Any],
             format_checker: jsonschema.FormatChecker | None = _FORMAT_CHECKER) -> Draft4Validator:
    """A validator for ``schema``, built once per schema and format checker, for services that word
    their own 400s (Keystone, Placement, Glance) but should not rebuild a validator per request."""
    return _VALIDATORS.get(schema, format_checker)


# -- a fast yes for the bodies that fit -----------------------------------------------------------------
# jsonschema walks a body through generic machinery (~30 us for a server create). Most bodies are valid:
# fastjsonschema compiles a schema once into plain Python that answers "valid or not" (~2 us); a body it
# accepts is valid, and any other goes through jsonschema, which finds the error and words it as before.
# Draft 4 is asked for explicitly (fastjsonschema assumes Draft 7), defaults are never written into the body,
# and every format is checked by jsonschema's own format checker, so both agree on what a format means.
_DRAFT4_URI = "http://json-schema.org/draft-04/schema#"
Check = Callable[[Any], Any]


def _fast_check(schema: dict[str, Any], fc: jsonschema.FormatChecker | None) -> Check | None:
    """The compiled check (it raises on an invalid body), or None when jsonschema must always decide: a
    schema fastjsonschema cannot compile (an unknown format, a remote $ref)."""
    # imported here: its compiler is needed only once a request body is checked, not at start-up
    import fastjsonschema
    from fastjsonschema.draft04 import CodeGeneratorDraft04

    # a format jsonschema does not check here (date-time needs a package we do not install) is no constraint
    formats: dict[str, Check] = dict.fromkeys([*CodeGeneratorDraft04.FORMAT_REGEXS, "regex"], _any)
    if fc is not None:
        formats.update({name: partial(_conforms, fc, name) for name in fc.checkers})
    try:
        check = fastjsonschema.compile({"$schema": _DRAFT4_URI, **schema}, formats=formats, use_default=False)
        return cast(Check, check)
    except (fastjsonschema.JsonSchemaDefinitionException, re.error, TypeError, ValueError):
        return None


def _any(_value: Any) -> bool:
    return True


def _conforms(fc: jsonschema.FormatChecker, name: str, value: Any) -> bool:
    return bool(fc.conforms(value, name))


_FAST = _PerSchema(_fast_check)


def is_valid_fast(body: Any, schema: dict[str, Any]) -> bool:
    """True only if ``body`` is valid under ``schema`` (False: ask jsonschema, it may be valid too)."""
    check = _FAST.get(schema, _FORMAT_CHECKER)
    if check is None:
        return False
    try:
        check(body)
    except Exception:  # invalid (JsonSchemaValueException), or a format checker that raised: jsonschema decides
        return False
    return True


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
