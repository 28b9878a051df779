"""Unified limits: registered limits and project/domain limits."""

from __future__ import annotations

from twinstack.identity.schemas.common import DESCRIPTION, ID_STRING, NAME, NULLABLE_ID, object_schema

LIMIT_INT = {"type": "integer", "minimum": -1, "maximum": 0x7FFFFFFF}
LIMIT_KEY = {"service_id": ID_STRING, "region_id": {"type": ["string", "null"]}, "resource_name": NAME}
_REGISTERED = {**LIMIT_KEY, "default_limit": LIMIT_INT, "description": DESCRIPTION}
REGISTERED_CREATE = {"type": "array", "minItems": 1, "items": object_schema(
    _REGISTERED, required=("service_id", "resource_name", "default_limit"))}
REGISTERED_UPDATE = object_schema(_REGISTERED, min_properties=1)
_LIMIT = {**LIMIT_KEY, "project_id": NULLABLE_ID, "domain_id": NULLABLE_ID, "resource_limit": LIMIT_INT,
          "description": DESCRIPTION}
LIMIT_CREATE = {"type": "array", "minItems": 1, "items": object_schema(
    _LIMIT, required=("service_id", "resource_name", "resource_limit"))}
LIMIT_UPDATE = object_schema({"resource_limit": LIMIT_INT, "description": DESCRIPTION}, min_properties=1)
