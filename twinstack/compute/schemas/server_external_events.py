"""Request body of ``POST /os-server-external-events`` (Nova's server_external_events schemas)."""

from __future__ import annotations

from typing import Any

EVENT_NAMES = ["network-changed", "network-vif-plugged", "network-vif-unplugged", "network-vif-deleted",
               "volume-extended", "power-update", "accelerator-request-bound", "volume-reimaged"]

create: dict[str, Any] = {"type": "object", "properties": {"events": {"type": "array", "minItems": 1, "items": {
    "type": "object", "properties": {"server_uuid": {"type": "string"}, "name": {"type": "string", "enum": EVENT_NAMES},
                                     "status": {"type": "string", "enum": ["failed", "completed", "in-progress"]},
                                     "tag": {"type": "string", "maxLength": 255}},
    "required": ["server_uuid", "name"], "additionalProperties": False}}}, "required": ["events"],
    "additionalProperties": False}
