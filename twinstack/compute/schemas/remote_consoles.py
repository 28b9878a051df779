"""Request body of ``POST /servers/{id}/remote-consoles`` (Nova's remote_consoles schemas)."""

from __future__ import annotations

from typing import Any

PROTOCOLS = ["mks", "rdp", "serial", "spice", "vnc"]

create: dict[str, Any] = {"type": "object", "properties": {"remote_console": {"type": "object", "properties": {
    "protocol": {"type": "string", "enum": PROTOCOLS}, "type": {"type": "string"}},
    "required": ["protocol", "type"], "additionalProperties": False}},
    "required": ["remote_console"], "additionalProperties": False}
