"""Request bodies of ``/servers/{id}/os-volume_attachments`` (Nova's volume attachment schemas)."""

from __future__ import annotations

from typing import Any

create: dict[str, Any] = {"type": "object", "properties": {"volumeAttachment": {"type": "object", "properties": {
    "volumeId": {"type": "string", "minLength": 1}, "device": {"type": ["string", "null"]},
    "tag": {"type": "string"}, "delete_on_termination": {"type": "boolean"}},
    "required": ["volumeId"], "additionalProperties": False}}, "required": ["volumeAttachment"],
    "additionalProperties": False}

update: dict[str, Any] = {"type": "object", "properties": {"volumeAttachment": {"type": "object", "properties": {
    "volumeId": {"type": "string"}, "device": {"type": ["string", "null"]}, "tag": {"type": "string"},
    "delete_on_termination": {"type": "boolean"}, "id": {"type": "string"}, "serverId": {"type": "string"}},
    "required": ["volumeId"], "additionalProperties": False}}, "required": ["volumeAttachment"],
    "additionalProperties": False}
