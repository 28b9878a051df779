"""Request bodies of Cinder's volume actions API, as JSON Schema (named after their handler)."""

from __future__ import annotations

from typing import Any

extend: dict[str, Any] = {"type": "object", "properties": {
    "new_size": {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 1}},
    "required": ["new_size"], "additionalProperties": False}

retype: dict[str, Any] = {"type": "object", "properties": {"new_type": {"type": "string"},
                                                           "migration_policy": {"enum": ["never", "on-demand", None]}},
                          "required": ["new_type"]}

reset_status: dict[str, Any] = {"type": "object", "properties": {
    "status": {"type": "string"}, "attach_status": {"enum": ["attached", "detached"]},
    "migration_status": {"type": ["string", "null"]}}, "minProperties": 1}

attach: dict[str, Any] = {"type": "object", "properties": {
    "instance_uuid": {"type": ["string", "null"]}, "host_name": {"type": ["string", "null"]},
    "mountpoint": {"type": "string"}, "mode": {"enum": ["rw", "ro"]}}, "required": ["mountpoint"]}

upload_image: dict[str, Any] = {"type": "object", "properties": {
    "image_name": {"type": "string", "minLength": 1, "maxLength": 255},
    "force": {"type": ["boolean", "string"]}, "disk_format": {"type": "string"},
    "container_format": {"type": "string"}, "visibility": {"enum": ["public", "private", "shared", "community"]},
    "protected": {"type": ["boolean", "string"]}}, "required": ["image_name"]}

reimage: dict[str, Any] = {"type": "object", "properties": {"image_id": {"type": "string", "minLength": 1},
                                                            "reimage_reserved": {"type": ["boolean", "string"]}},
                           "required": ["image_id"], "additionalProperties": False}
