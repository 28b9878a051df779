"""POST /servers/{id}/shares (2.97+), as Nova's schema has it."""

from __future__ import annotations

from typing import Any

CREATE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "share": {
            "type": "object",
            "properties": {
                "share_id": {"type": "string", "format": "uuid"},
                "tag": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[a-zA-Z0-9-]*$"},
            },
            "required": ["share_id"],
            "additionalProperties": False,
        },
    },
    "required": ["share"],
    "additionalProperties": False,
}
