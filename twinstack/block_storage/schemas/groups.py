"""Request bodies of Cinder's groups API, as JSON Schema (named after their handler)."""

from __future__ import annotations

from typing import Any

from twinstack.block_storage.schemas.parameter_types import STRING_255

gtype_create: dict[str, Any] = {"type": "object", "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": {"type": ["string", "null"], "maxLength": 255},
    "is_public": {"type": ["boolean", "string"]},
    "group_specs": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 255}}},
    "required": ["name"], "additionalProperties": False}

gtype_update: dict[str, Any] = {"type": "object", "properties": {
    "name": {"type": ["string", "null"], "minLength": 1, "maxLength": 255},
    "description": {"type": ["string", "null"], "maxLength": 255}, "is_public": {"type": ["boolean", "string"]}},
    "additionalProperties": False}

gspecs_create: dict[str, Any] = {"type": "object", "additionalProperties": {"type": "string", "maxLength": 255}}

group_create: dict[str, Any] = {"type": "object", "properties": {
    "name": STRING_255, "description": STRING_255, "group_type": {"type": "string"},
    "volume_types": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "availability_zone": {"type": ["string", "null"]}},
    "required": ["group_type", "volume_types"], "additionalProperties": False}

group_update: dict[str, Any] = {"type": "object", "properties": {
    "name": STRING_255, "description": STRING_255,
    "add_volumes": {"type": ["string", "null"]}, "remove_volumes": {"type": ["string", "null"]}},
    "additionalProperties": False}

gsnap_create: dict[str, Any] = {"type": "object", "properties": {
    "group_id": {"type": "string"}, "name": STRING_255, "description": STRING_255},
    "required": ["group_id"], "additionalProperties": False}
