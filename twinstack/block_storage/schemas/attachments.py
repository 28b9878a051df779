"""Request bodies of Cinder's attachments API, as JSON Schema (named after their handler)."""

from __future__ import annotations

from typing import Any

create: dict[str, Any] = {"type": "object", "properties": {
    "volume_uuid": {"type": "string", "minLength": 1}, "instance_uuid": {"type": ["string", "null"]},
    "connector": {"type": ["object", "null"]}, "mode": {"enum": ["rw", "ro"]}},
    "required": ["volume_uuid"], "additionalProperties": False}

update: dict[str, Any] = {"type": "object", "properties": {"connector": {"type": "object"}}, "required": ["connector"],
                          "additionalProperties": False}
