"""Request bodies of Nova's os-volumes and os-snapshots proxies (Nova's volumes schemas)."""

from __future__ import annotations

from typing import Any

create: dict[str, Any] = {"type": "object", "properties": {"volume": {"type": "object", "properties": {
    "size": {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 1},
    "display_name": {"type": "string", "maxLength": 255}, "display_description": {"type": "string", "maxLength": 255},
    "volume_type": {"type": "string"}, "metadata": {"type": "object"}, "availability_zone": {"type": "string"},
    "snapshot_id": {"type": "string"}}, "required": ["size"], "additionalProperties": False}},
    "required": ["volume"], "additionalProperties": False}

snapshot_create: dict[str, Any] = {"type": "object", "properties": {"snapshot": {"type": "object", "properties": {
    "volume_id": {"type": "string"}, "force": {"type": ["boolean", "string"]},
    "display_name": {"type": "string", "maxLength": 255}, "display_description": {"type": "string", "maxLength": 255}},
    "required": ["volume_id"], "additionalProperties": False}}, "required": ["snapshot"], "additionalProperties": False}
