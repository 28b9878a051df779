"""Projects: create and update bodies."""

from __future__ import annotations

from twinstack.identity.schemas.common import DESCRIPTION, ENABLED, NULLABLE_ID, OPTIONS, TAGS, object_schema

PROJECT_NAME = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"[\S]+"}
_PROPERTIES = {"name": PROJECT_NAME, "description": DESCRIPTION, "enabled": ENABLED, "tags": TAGS,
               "options": OPTIONS, "is_domain": {"type": "boolean"}}
CREATE = object_schema({**_PROPERTIES, "domain_id": NULLABLE_ID, "parent_id": NULLABLE_ID},
                       required=("name",), extra=True)
UPDATE = object_schema({**_PROPERTIES, "domain_id": NULLABLE_ID, "parent_id": NULLABLE_ID},
                       extra=True, min_properties=1)
