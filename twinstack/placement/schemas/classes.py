"""``POST /resource_classes`` and, before 1.7 (when PUT became an idempotent create with no body),
``PUT /resource_classes/{name}`` renaming a custom class: both a CUSTOM_ name."""

from __future__ import annotations

from typing import Any

from twinstack.placement.schemas.common import CUSTOM_PATTERN

create: dict[str, Any] = {"type": "object",
                          "properties": {"name": {"type": "string", "pattern": CUSTOM_PATTERN, "maxLength": 255}},
                          "required": ["name"], "additionalProperties": False}

update = create
