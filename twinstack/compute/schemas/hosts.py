"""Request body of ``PUT /os-hosts/{name}`` (Nova's hosts schemas)."""

from __future__ import annotations

from typing import Any

_SWITCH = {"type": "string", "enum": ["enable", "disable", "Enable", "Disable", "ENABLE", "DISABLE"]}

update: dict[str, Any] = {"type": "object", "properties": {"status": _SWITCH, "maintenance_mode": _SWITCH},
                          "anyOf": [{"required": ["status"]}, {"required": ["maintenance_mode"]}],
                          "additionalProperties": False}
