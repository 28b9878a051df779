"""Request bodies of ``/servers/{id}/os-interface`` (Nova's attach_interfaces schemas)."""

from __future__ import annotations

from typing import Any

create: dict[str, Any] = {"type": "object", "properties": {"interfaceAttachment": {"type": "object", "properties": {
    "net_id": {"type": "string"}, "port_id": {"type": "string"}, "tag": {"type": "string"},
    "fixed_ips": {"type": "array", "maxItems": 1, "items": {"type": "object", "properties": {
        "ip_address": {"type": "string"}}, "required": ["ip_address"], "additionalProperties": False}}},
    "additionalProperties": False}}, "additionalProperties": False}
