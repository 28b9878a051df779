"""Request bodies of ``PUT /os-services/...``, per microversion (Nova's services schemas)."""

from __future__ import annotations

from typing import Any

from twinstack.compute.schemas.parameter_types import BOOLEAN, HOST

_REASON = {"type": "string", "minLength": 1, "maxLength": 255}

update: dict[str, Any] = {"type": "object", "properties": {
    "host": HOST, "binary": {"type": "string", "minLength": 1, "maxLength": 255}, "disabled_reason": _REASON},
    "required": ["host", "binary"], "additionalProperties": False}
update_v2_11: dict[str, Any] = {**update, "properties": {**update["properties"], "forced_down": BOOLEAN}}
update_v2_53: dict[str, Any] = {"type": "object", "properties": {
    "status": {"type": "string", "enum": ["enabled", "disabled"]}, "disabled_reason": _REASON,
    "forced_down": BOOLEAN}, "additionalProperties": False}
