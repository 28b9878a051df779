"""Groups: create and update bodies."""

from __future__ import annotations

from twinstack.identity.schemas.common import DESCRIPTION, ID_STRING, object_schema

GROUP_NAME = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"[\S]+"}
_PROPERTIES = {"name": GROUP_NAME, "domain_id": ID_STRING, "description": DESCRIPTION}
CREATE = object_schema(_PROPERTIES, required=("name",), extra=True)
UPDATE = object_schema(_PROPERTIES, extra=True, min_properties=1)
