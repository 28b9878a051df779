"""Request bodies of Nova's image metadata proxy (Nova's image_metadata schemas)."""

from __future__ import annotations

from typing import Any

create: dict[str, Any] = {"type": "object", "properties": {"metadata": {"type": "object", "additionalProperties": {
    "type": "string", "maxLength": 255}}}, "required": ["metadata"], "additionalProperties": False}

update_all = create

update: dict[str, Any] = {"type": "object", "properties": {"meta": {
    "type": "object", "minProperties": 1, "maxProperties": 1,
    "additionalProperties": {"type": "string", "maxLength": 255}}}, "required": ["meta"], "additionalProperties": False}
