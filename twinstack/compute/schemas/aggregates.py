"""Request bodies of os-aggregates (Nova's aggregates and aggregate_images schemas)."""

from __future__ import annotations

from typing import Any

from twinstack.compute.schemas.parameter_types import HOST, NAME, action

_AZ = {"oneOf": [{"type": "string", "minLength": 1, "maxLength": 255,
                  "pattern": r"^(?![\s])[^:\x00-\x1f\x7f]*(?<![\s])$"}, {"type": "null"}]}
_META = {"type": "object", "patternProperties": {"^[a-zA-Z0-9-_:. ]{1,255}$": {
    "type": ["string", "null"], "maxLength": 255}}, "additionalProperties": False}

create: dict[str, Any] = {"type": "object", "properties": {"aggregate": {
    "type": "object", "properties": {"name": NAME, "availability_zone": _AZ},
    "required": ["name"], "additionalProperties": False}},
    "required": ["aggregate"], "additionalProperties": False}
update: dict[str, Any] = {"type": "object", "properties": {"aggregate": {
    "type": "object", "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 255},
                                     "availability_zone": _AZ},
    "additionalProperties": False, "anyOf": [{"required": ["name"]}, {"required": ["availability_zone"]}]}},
    "required": ["aggregate"], "additionalProperties": False}
add_host = action("add_host", {"type": "object", "properties": {"host": HOST}, "required": ["host"],
                               "additionalProperties": False})
remove_host = action("remove_host", {"type": "object", "properties": {"host": HOST}, "required": ["host"],
                                     "additionalProperties": False})
set_metadata = action("set_metadata", {"type": "object", "properties": {"metadata": _META},
                                       "required": ["metadata"], "additionalProperties": False})
ACTIONS: dict[str, dict[str, Any]] = {"add_host": add_host, "remove_host": remove_host, "set_metadata": set_metadata}

cache_images_v2_81: dict[str, Any] = {"type": "object", "properties": {"cache": {
    "type": "array", "minItems": 1, "items": {
        "type": "object", "properties": {"id": {"type": "string", "format": "uuid"}},
        "additionalProperties": False, "required": ["id"]}}},
    "required": ["cache"], "additionalProperties": False}
