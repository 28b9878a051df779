"""The image member schemas (``/v2/schemas/member`` and ``/members``)."""

from __future__ import annotations

from typing import Any

from twinstack.image.schemas.images import UUID_PATTERN

MEMBER_SCHEMA: dict[str, Any] = {
    "name": "member",
    "properties": {
        "created_at": {"type": "string", "description": "When the member was added"},
        "image_id": {"type": "string", "pattern": UUID_PATTERN, "description": "The image"},
        "member_id": {"type": "string", "description": "The member project"},
        "schema": {"type": "string", "readOnly": True},
        "status": {"type": "string", "enum": ["pending", "accepted", "rejected"],
                   "description": "What the member answered"},
        "updated_at": {"type": "string", "description": "When it last changed"},
    },
}

MEMBERS_SCHEMA = {"name": "members", "properties": {
    "members": {"type": "array", "items": MEMBER_SCHEMA}, "schema": {"type": "string"}},
    "links": [{"rel": "self", "href": "{self}"}, {"rel": "describedby", "href": "{schema}"}]}
