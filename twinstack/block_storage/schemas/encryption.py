"""Request bodies of Cinder's encryption API, as JSON Schema (named after their handler)."""

from __future__ import annotations

from typing import Any

fields: dict[str, Any] = {"provider": {"type": "string", "minLength": 1, "maxLength": 255},
                          "cipher": {"type": ["string", "null"], "maxLength": 255},
                          "key_size": {"type": ["integer", "null"], "minimum": 0},
                          "control_location": {"enum": ["front-end", "back-end"]}}

create: dict[str, Any] = {"type": "object", "properties": fields, "required": ["provider"],
                          "additionalProperties": False}

update: dict[str, Any] = {"type": "object", "properties": fields, "additionalProperties": False}
