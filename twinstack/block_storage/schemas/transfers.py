"""Request bodies of Cinder's transfers API, as JSON Schema (named after their handler)."""

from __future__ import annotations

from typing import Any

from twinstack.block_storage.schemas.parameter_types import STRING_255

create: dict[str, Any] = {"type": "object", "properties": {"volume_id": {"type": "string", "minLength": 1},
                                                           "name": STRING_255,
                                                           "no_snapshots": {"type": ["boolean", "string"]}},
                          "required": ["volume_id"], "additionalProperties": False}

accept: dict[str, Any] = {"type": "object", "properties": {"auth_key": {"type": "string", "minLength": 1}},
                          "required": ["auth_key"], "additionalProperties": False}
