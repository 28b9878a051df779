"""Request bodies of os-floating-ips and the addFloatingIp/removeFloatingIp actions (Nova's
floating_ips schemas; the actions' values, as compute's action dispatcher hands them over)."""

from __future__ import annotations

from typing import Any

_ADDRESS = {"type": "string", "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}

add_floating_ip: dict[str, Any] = {"type": "object", "properties": {"address": _ADDRESS, "fixed_address": _ADDRESS},
                                   "required": ["address"], "additionalProperties": False}
remove_floating_ip: dict[str, Any] = {"type": "object", "properties": {"address": _ADDRESS},
                                      "required": ["address"], "additionalProperties": False}
