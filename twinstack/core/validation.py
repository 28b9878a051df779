"""Request-body validation with JSON Schema, as Nova, Cinder and Keystone do it.

Messages follow Nova's ``Invalid input for field/attribute <path>. Value: <v>. <reason>`` so a person
reading a 400 knows which field is wrong and why.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
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


def validate(body: Any, schema: dict[str, Any]) -> Any:
    """Raise a 400 as Nova's (and Cinder's) _SchemaValidator words it; return the body when it fits.

    Nova raises the first error the validator finds (``Validator.validate``, not best_match); inside
    the body it names the innermost key of the error's path and the offending instance as Python prints
    it: ``Invalid input for field/attribute server. Value: {'name': 'a'}. 'networks' is a required
    property``; at the top level it is the bare jsonschema message."""
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
