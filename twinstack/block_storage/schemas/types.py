"""Request bodies of Cinder's types API, as JSON Schema (named after their handler)."""

from __future__ import annotations

from typing import Any

specs: dict[str, Any] = {"type": "object", "patternProperties": {
    "^[a-zA-Z0-9-_:. /]{1,255}$": {"type": ["string", "boolean", "integer"]}}, "additionalProperties": False}

create: dict[str, Any] = {"type": "object", "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^(?!\s*$).+"},
    "description": {"type": ["string", "null"], "maxLength": 255},
    "os-volume-type-access:is_public": {"type": ["boolean", "string"]}, "extra_specs": specs},
    "required": ["name"], "additionalProperties": False}

update: dict[str, Any] = {"type": "object", "properties": {
    "name": {"type": ["string", "null"], "minLength": 1, "maxLength": 255},
    "description": {"type": ["string", "null"], "maxLength": 255}, "is_public": {"type": ["boolean", "string"]}},
    "additionalProperties": False}

default_set: dict[str, Any] = {"type": "object", "properties": {"volume_type": {"type": "string", "minLength": 1}},
                               "required": ["volume_type"], "additionalProperties": False}
