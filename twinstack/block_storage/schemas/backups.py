"""Request bodies of Cinder's backups API, as JSON Schema (named after their handler)."""

from __future__ import annotations

from typing import Any

from twinstack.block_storage.schemas.parameter_types import METADATA, STRING_255

create: dict[str, Any] = {"type": "object", "properties": {
    "volume_id": {"type": "string", "minLength": 1}, "container": {"type": ["string", "null"], "maxLength": 255},
    "name": STRING_255, "description": STRING_255, "incremental": {"type": ["boolean", "string", "null"]},
    "force": {"type": ["boolean", "string", "null"]}, "snapshot_id": {"type": ["string", "null"]},
    "metadata": METADATA, "availability_zone": {"type": ["string", "null"]}},
    "required": ["volume_id"], "additionalProperties": False}

restore: dict[str, Any] = {"type": "object", "properties": {
    "volume_id": {"type": ["string", "null"]}, "name": STRING_255}, "additionalProperties": False}

import_record: dict[str, Any] = {"type": "object", "properties": {"backup_service": {"type": "string", "minLength": 1},
                                                                  "backup_url": {"type": "string", "minLength": 1}},
                                 "required": ["backup_service", "backup_url"]}

update_v3_9: dict[str, Any] = {"type": "object", "properties": {
    "name": STRING_255, "description": STRING_255}, "additionalProperties": False}

update_v3_43: dict[str, Any] = {"type": "object", "properties": {
    "name": STRING_255, "description": STRING_255,
    "metadata": METADATA}, "additionalProperties": False}
