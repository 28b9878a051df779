"""Request body of ``POST /os-assisted-volume-snapshots`` (Nova's assisted_volume_snapshots schema)."""

from __future__ import annotations

from typing import Any

_TEXT = {"type": "string", "minLength": 1}

create: dict[str, Any] = {
    "type": "object",
    "properties": {"snapshot": {
        "type": "object",
        "properties": {
            "volume_id": _TEXT,
            "create_info": {
                "type": "object",
                "properties": {"snapshot_id": _TEXT, "type": {"type": "string", "enum": ["qcow2"]},
                               "new_file": _TEXT, "id": _TEXT},
                "required": ["snapshot_id", "type", "new_file"],
                "additionalProperties": False,
            },
        },
        "required": ["volume_id", "create_info"],
        "additionalProperties": False,
    }},
    "required": ["snapshot"],
    "additionalProperties": False,
}
