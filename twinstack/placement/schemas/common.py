"""Patterns and fragments the schemas share (Nova keeps these in ``parameter_types``)."""

from __future__ import annotations

from typing import Any

UUID_PATTERN = "^[0-9a-fA-F-]{36}$"
RC_PATTERN = "^[A-Z0-9_]+$"
CUSTOM_PATTERN = "^CUSTOM_[A-Z0-9_]+$"
MAX_INT = 2147483647  # the largest value Placement's integer columns hold

UUID: dict[str, Any] = {"type": "string", "format": "uuid"}
GENERATION: dict[str, Any] = {"type": "integer"}
