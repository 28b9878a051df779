"""Request bodies of Cinder's volumes API, as JSON Schema (named after their handler)."""

from __future__ import annotations

from typing import Any

from twinstack.block_storage.schemas.parameter_types import METADATA, SIZE, STRING_255

create: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": STRING_255, "description": STRING_255,
        "display_name": STRING_255, "display_description": STRING_255,
        "volume_type": {"type": ["string", "null"], "maxLength": 255},
        "metadata": METADATA, "snapshot_id": {"type": ["string", "null"]},
        "source_volid": {"type": ["string", "null"]}, "backup_id": {"type": ["string", "null"]},
        "imageRef": {"type": ["string", "null"]}, "image_id": {"type": ["string", "null"]},
        "size": SIZE, "availability_zone": {"type": ["string", "null"], "maxLength": 255},
        "multiattach": {"type": ["boolean", "string", "null"]}, "consistencygroup_id": {"type": ["string", "null"]},
        "group_id": {"type": ["string", "null"]},
    },
    "additionalProperties": True,
}

update: dict[str, Any] = {
    "type": "object",
    "properties": {"name": STRING_255, "description": STRING_255,
                   "display_name": STRING_255, "display_description": STRING_255,
                   "metadata": METADATA},
    "additionalProperties": False,
}

# the whole create body: Cinder checks ``volume`` is there before the member's own schema
create_body: dict[str, Any] = {"type": "object", "properties": {"volume": create}, "required": ["volume"]}
