"""Policies, OAuth1 consumers and endpoint groups: create and update bodies."""

from __future__ import annotations

from twinstack.identity.schemas.common import DESCRIPTION, ID_STRING, NAME, object_schema

POLICY_PROPERTIES = {"blob": {"type": "string"}, "type": {"type": "string", "minLength": 1, "maxLength": 255}}
POLICY_CREATE = object_schema(POLICY_PROPERTIES, required=("blob", "type"), extra=True)
POLICY_UPDATE = object_schema(POLICY_PROPERTIES, extra=True, min_properties=1)
CONSUMER = object_schema({"description": DESCRIPTION}, extra=True)
FILTERS = {"type": "object", "properties": {"interface": {"type": "string"}, "service_id": ID_STRING,
                                            "region_id": {"type": "string"}}, "additionalProperties": False}
GROUP = {"name": NAME, "description": DESCRIPTION, "filters": FILTERS}
GROUP_CREATE = object_schema(GROUP, required=("name", "filters"))
GROUP_UPDATE = object_schema(GROUP, min_properties=1)
