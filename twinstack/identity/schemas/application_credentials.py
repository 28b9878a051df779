"""Application credentials: POST /v3/users/{user_id}/application_credentials."""

from __future__ import annotations

from twinstack.identity.schemas.common import DESCRIPTION, ID_STRING, NAME, NULLABLE_ID, object_schema

_ROLE = object_schema({"id": ID_STRING, "name": NAME, "domain_id": NULLABLE_ID}, min_properties=1)
_ACCESS_RULE = object_schema({"id": ID_STRING, "service": {"type": "string"}, "path": {"type": "string"},
                              "method": {"type": "string", "enum": ["POST", "GET", "HEAD", "PATCH", "PUT", "DELETE"]}},
                             min_properties=1)
CREATE = object_schema({
    "name": NAME, "description": DESCRIPTION, "secret": {"type": ["string", "null"]},
    "expires_at": {"type": ["string", "null"]}, "roles": {"type": "array", "items": _ROLE},
    "unrestricted": {"type": ["boolean", "null"]}, "access_rules": {"type": "array", "items": _ACCESS_RULE},
}, required=("name",))
