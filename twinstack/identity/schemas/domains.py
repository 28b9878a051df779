"""Domains: create and update bodies."""

from __future__ import annotations

from twinstack.identity.schemas.common import DESCRIPTION, ENABLED, ID_STRING, OPTIONS, TAGS, object_schema

DOMAIN_NAME = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"[\S]+"}
_PROPERTIES = {"name": DOMAIN_NAME, "description": DESCRIPTION, "enabled": ENABLED, "tags": TAGS,
               "options": OPTIONS}
CREATE = object_schema({**_PROPERTIES, "explicit_domain_id": ID_STRING}, required=("name",), extra=True)
UPDATE = object_schema({**_PROPERTIES, "id": ID_STRING}, extra=True, min_properties=1)
