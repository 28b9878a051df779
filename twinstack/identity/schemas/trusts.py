"""Trusts (OS-TRUST): the create body."""

from __future__ import annotations

from twinstack.identity.schemas.common import ID_STRING, NAME, NULLABLE_ID, object_schema

_ROLE = object_schema({"id": ID_STRING, "name": NAME}, min_properties=1)
CREATE = object_schema({
    "trustor_user_id": ID_STRING, "trustee_user_id": ID_STRING, "project_id": NULLABLE_ID,
    "impersonation": {"type": "boolean"}, "expires_at": {"type": ["string", "null"]},
    "remaining_uses": {"type": ["integer", "null"], "minimum": 1}, "roles": {"type": "array", "items": _ROLE},
    "allow_redelegation": {"type": ["boolean", "null"]}, "redelegation_count": {"type": ["integer", "null"]},
}, required=("trustor_user_id", "trustee_user_id", "impersonation"))
