"""Regions, services and endpoints: the catalog's create and update bodies."""

from __future__ import annotations

from twinstack.identity.schemas.common import DESCRIPTION, ENABLED, ID_STRING, object_schema

REGION_ID = {"type": "string", "minLength": 1, "maxLength": 255}
REGION_CREATE = object_schema({"id": REGION_ID, "description": DESCRIPTION,
                               "parent_region_id": {"type": ["string", "null"]}}, extra=True)
REGION_UPDATE = object_schema({"description": DESCRIPTION, "parent_region_id": {"type": ["string", "null"]}},
                              extra=True, min_properties=1)
SERVICE_TYPE = {"type": "string", "minLength": 1, "maxLength": 255}
SERVICE_PROPERTIES = {"type": SERVICE_TYPE, "name": {"type": ["string", "null"], "maxLength": 255},
                      "description": DESCRIPTION, "enabled": ENABLED}
SERVICE_CREATE = object_schema(SERVICE_PROPERTIES, required=("type",), extra=True)
SERVICE_UPDATE = object_schema(SERVICE_PROPERTIES, extra=True, min_properties=1)
URL = {"type": "string", "minLength": 0, "maxLength": 225, "pattern": "^[a-zA-Z0-9+.-]+:.+"}
INTERFACE = {"type": "string", "enum": ["admin", "internal", "public"]}
ENDPOINT_PROPERTIES = {"service_id": ID_STRING, "interface": INTERFACE, "url": URL, "enabled": ENABLED,
                       "region_id": {"type": ["string", "null"]}, "region": {"type": ["string", "null"]}}
ENDPOINT_CREATE = object_schema(ENDPOINT_PROPERTIES, required=("service_id", "interface", "url"), extra=True)
ENDPOINT_UPDATE = object_schema(ENDPOINT_PROPERTIES, extra=True, min_properties=1)
