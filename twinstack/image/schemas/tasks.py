"""The task schema (``/v2/schemas/task``; ``/tasks`` is its collection)."""

from __future__ import annotations

from typing import Any

from twinstack.image.schemas.images import UUID_PATTERN

TASK_SCHEMA: dict[str, Any] = {
    "name": "task",
    "properties": {
        "id": {"type": "string", "pattern": UUID_PATTERN},
        "type": {"type": "string", "enum": ["import", "api_image_import", "location_import"]},
        "status": {"type": "string", "enum": ["pending", "processing", "success", "failure"]},
        "input": {"type": ["null", "object"]},
        "result": {"type": ["null", "object"]},
        "owner": {"type": "string"},
        "message": {"type": "string"},
        "image_id": {"type": "string"},
        "request_id": {"type": "string"},
        "user_id": {"type": "string"},
        "expires_at": {"type": ["null", "string"]},
        "created_at": {"type": "string"},
        "updated_at": {"type": "string"},
        "self": {"type": "string"},
        "schema": {"type": "string"},
    },
    "required": ["type", "input"],
    "additionalProperties": False,
    "links": [{"rel": "self", "href": "{self}"}, {"rel": "describedby", "href": "{schema}"}],
}
