"""The task schema (``/v2/schemas/task``; ``/tasks`` is its collection)."""

from __future__ import annotations

from typing import Any

from twinstack.image.schemas.images import UUID_PATTERN

# Glance builds it from properties alone (glance/api/v2/tasks.py get_task_schema): no required list, no
# additionalProperties, no links; each field described, self and schema read-only. Descriptions in our words.
TASK_SCHEMA: dict[str, Any] = {
    "name": "task",
    "properties": {
        "id": {"type": "string", "pattern": UUID_PATTERN, "description": "The task's identifier"},
        "type": {"type": "string", "enum": ["import", "api_image_import", "location_import"],
                 "description": "What kind of work the task does"},
        "status": {"type": "string", "enum": ["pending", "processing", "success", "failure"],
                   "description": "Where the task is in its life"},
        "input": {"type": ["null", "object"], "description": "The task's parameters (a JSON object)"},
        "result": {"type": ["null", "object"], "description": "What the task produced (a JSON object)"},
        "owner": {"type": "string", "description": "The project that owns the task"},
        "message": {"type": "string", "description": "A note for people, mostly set when the task failed"},
        "image_id": {"type": "string", "description": "The image the task works on"},
        "request_id": {"type": "string", "description": "The id of the request that started the task"},
        "user_id": {"type": "string", "description": "The user who started the task"},
        "expires_at": {"type": ["null", "string"], "description": "When the task record may be removed"},
        "created_at": {"type": "string", "description": "When the task was created"},
        "updated_at": {"type": "string", "description": "When the task last changed"},
        "self": {"type": "string", "readOnly": True},
        "schema": {"type": "string", "readOnly": True},
    },
}
