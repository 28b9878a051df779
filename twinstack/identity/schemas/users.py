"""Users: create, update and password-change bodies."""

from __future__ import annotations

from twinstack.identity.schemas.common import DESCRIPTION, ENABLED, ID_STRING, NULLABLE_ID, OPTIONS, object_schema

USER_NAME = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"[\S]+"}
_PROPERTIES = {
    "name": USER_NAME, "domain_id": ID_STRING, "default_project_id": NULLABLE_ID,
    "description": DESCRIPTION, "enabled": ENABLED, "email": {"type": ["string", "null"]},
    "password": {"type": ["string", "null"]}, "options": OPTIONS,
}
CREATE = object_schema(_PROPERTIES, required=("name",), extra=True)
UPDATE = object_schema(_PROPERTIES, extra=True, min_properties=1)
PASSWORD_CHANGE = object_schema({"original_password": {"type": "string"}, "password": {"type": "string"}},
                                required=("original_password", "password"))
