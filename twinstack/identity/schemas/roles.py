"""Roles: create and update bodies."""

from __future__ import annotations

from twinstack.identity.schemas.common import DESCRIPTION, NAME, NULLABLE_ID, OPTIONS, object_schema

_PROPERTIES = {"name": NAME, "description": DESCRIPTION, "domain_id": NULLABLE_ID, "options": OPTIONS}
CREATE = object_schema(_PROPERTIES, required=("name",), extra=True)
UPDATE = object_schema(_PROPERTIES, extra=True, min_properties=1)
