"""Request-body validation with JSON Schema, as Nova, Cinder and Keystone do it.

Messages follow Nova's ``Invalid input for field/attribute <path>. Value: <v>. <reason>`` so a person
reading a 400 knows which field is wrong and why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

import jsonschema
from jsonschema.validators import Draft4Validator

from twinstack.core.errors import ApiError

_FORMAT_CHECKER = Draft4Validator.FORMAT_CHECKER


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
    """Raise a 400 naming the first wrong field; return the body unchanged when it fits."""
    validator = compiled(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(body))
    if error is None:
        return body
    path = "/".join(str(p) for p in error.path)
    if error.validator == "additionalProperties":
        raise ApiError(400, f"Additional properties are not allowed ({_extra(error)} was unexpected)")
    if error.validator == "required":
        field = error.message.split("'")[1] if "'" in error.message else path
        where = f"{path}/{field}" if path else field
        raise ApiError(400, f"Invalid input for field/attribute {where}. Value: None. '{field}' is a required property")
    value = json.dumps(error.instance, default=str)
    if len(value) > 200:
        value = value[:200] + "..."
    raise ApiError(400, f"Invalid input for field/attribute {path or 'body'}. Value: {value}. {error.message}")


def _extra(error: jsonschema.ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    allowed = set(schema.get("properties", {}))
    patterns = schema.get("patternProperties", {})
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    extras = [k for k in instance if k not in allowed and not patterns]
    return ", ".join(repr(e) for e in extras) or "property"


# Small building blocks the services' schemas share.
NAME = {"type": "string", "minLength": 1, "maxLength": 255}
NULLABLE_STRING = {"type": ["string", "null"]}
BOOLEAN = {
    "type": ["boolean", "string"],
    "enum": [True, False, "true", "false", "True", "False", "1", "0", "yes", "no"],
}
UUID_LIKE = {"type": "string", "minLength": 1, "maxLength": 64}
