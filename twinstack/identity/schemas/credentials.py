"""Credentials: /v3/credentials create and update bodies, and OS-EC2's create body."""

from __future__ import annotations

from twinstack.identity.schemas.common import ID_STRING, NULLABLE_ID, object_schema

PROPERTIES = {"blob": {"type": "string"}, "type": {"type": "string", "minLength": 1, "maxLength": 255},
              "user_id": ID_STRING, "project_id": NULLABLE_ID}
CREATE = object_schema(PROPERTIES, required=("blob", "type", "user_id"), extra=True)
UPDATE = object_schema(PROPERTIES, extra=True, min_properties=1)
EC2_CREATE = object_schema({"tenant_id": ID_STRING}, required=("tenant_id",), extra=True)
