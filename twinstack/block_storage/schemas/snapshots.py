"""Request bodies of Cinder's snapshots API, as JSON Schema (named after their handler)."""

from __future__ import annotations

from typing import Any

from twinstack.block_storage.schemas.parameter_types import METADATA, STRING_255

create: dict[str, Any] = {
    "type": "object",
    "properties": {"name": STRING_255, "display_name": STRING_255,
                   "description": STRING_255, "display_description": STRING_255,
                   "volume_id": {"type": ["string", "null"]}, "force": {"type": ["boolean", "string", "null"]},
                   "metadata": METADATA},
    "additionalProperties": False,
}

update: dict[str, Any] = {"type": "object", "properties": {"name": STRING_255, "display_name": STRING_255,
                                                           "description": STRING_255,
                                                           "display_description": STRING_255},
                          "additionalProperties": False}
