"""OS-FEDERATION request bodies: identity providers, protocols, service providers, and the attribute
mapping rules, one schema per mapping ``schema_version`` (keystone/federation/{schema,utils}.py).
Each body schema covers the whole request, so paths in errors start at the member key."""

from __future__ import annotations

import copy
from typing import Any

from twinstack.identity.schemas.common import object_schema

# Keystone's lenient boolean: the JSON booleans, and the strings oslo reads as one.
BOOLEAN = {"type": ["boolean", "string", "null"],
           "enum": [True, False, "True", "TRUE", "true", "False", "FALSE", "false", "", "1", "0", "y", "Y",
                    "n", "N", "on", "ON", "off", "OFF", "yes", "no"]}
URL = {"type": "string", "minLength": 0, "maxLength": 225, "pattern": "^[a-zA-Z0-9+.-]+:.+"}
NULLABLE_TEXT = {"type": ["string", "null"]}
REMOTE_ID = {"type": "string", "maxLength": 64}
MAPPING_ID = {"type": "string", "minLength": 1, "maxLength": 64}


def _body(key: str, member: dict[str, Any], required: bool = True) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": {key: member}, "additionalProperties": False}
    if required:
        schema["required"] = [key]
    return schema


_IDP = {
    "enabled": BOOLEAN,
    "description": NULLABLE_TEXT,
    "authorization_ttl": {"type": ["integer", "null"], "minimum": 0},
    "remote_ids": {"type": ["array", "null"], "items": REMOTE_ID, "uniqueItems": True},
}
_DOMAIN_ID = {"type": ["string", "null"], "minLength": 1, "maxLength": 64, "pattern": r"^[a-zA-Z0-9-]+$"}
# Keystone's create body may leave the member out altogether (an empty, disabled provider).
IDP_CREATE = _body("identity_provider", object_schema({**_IDP, "domain_id": _DOMAIN_ID}), required=False)
IDP_UPDATE = _body("identity_provider", object_schema(_IDP, min_properties=1))
IDP_UPDATE["additionalProperties"] = True  # keystone's update schema leaves the outer object open

PROTOCOL_CREATE = _body("protocol", object_schema(
    {"mapping_id": MAPPING_ID, "remote_id_attribute": {**REMOTE_ID, "type": ["string", "null"]}},
    required=("mapping_id",)))
# an update may change remote_id_attribute but not clear it
PROTOCOL_UPDATE = _body("protocol", object_schema(
    {"mapping_id": MAPPING_ID, "remote_id_attribute": REMOTE_ID}, required=("mapping_id",), min_properties=1))

_SP = {"auth_url": URL, "sp_url": URL, "description": NULLABLE_TEXT, "enabled": BOOLEAN,
       "relay_state_prefix": NULLABLE_TEXT}
SP_CREATE = _body("service_provider", object_schema(_SP, required=("auth_url", "sp_url")))
SP_UPDATE = _body("service_provider", object_schema(_SP, min_properties=1))


# -- attribute mapping rules -------------------------------------------------------------------------
def _strict(properties: dict[str, Any], *required: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


_STRING = {"type": "string"}
_DOMAIN = _strict({"id": _STRING, "name": _STRING})
_ROLES = {"type": "array", "items": _strict({"name": _STRING}, "name")}
_PROJECTS = {"type": "array", "items": _strict({"name": _STRING, "roles": _ROLES}, "name", "roles")}
_USER = _strict({"id": _STRING, "name": _STRING, "email": _STRING, "domain": _DOMAIN,
                 "type": {"type": "string", "enum": ["ephemeral", "local"]}})
_GROUP = {"type": "object", "oneOf": [_strict({"id": _STRING}, "id"),
                                      _strict({"name": _STRING, "domain": _DOMAIN}, "name", "domain")]}
# A remote condition: a bare attribute type, or one of four matchers over a list of values.
_REMOTE = {"type": "object", "oneOf": [_strict({"type": _STRING}, "type")] + [
    _strict({"type": _STRING, matcher: {"type": "array"}, "regex": {"type": "boolean"}}, "type", matcher)
    for matcher in ("any_one_of", "not_any_of", "blacklist", "whitelist")]}
_LOCAL = _strict({"user": _USER, "projects": _PROJECTS, "group": _GROUP, "groups": _STRING,
                  "group_ids": _STRING, "domain": _DOMAIN})
MAPPING_V1: dict[str, Any] = {
    "type": "object",
    "required": ["rules"],
    "properties": {
        "rules": {"type": "array", "minItems": 1, "items": _strict(
            {"local": {"type": "array", "items": _LOCAL}, "remote": {"type": "array", "minItems": 1, "items": _REMOTE}},
            "local", "remote")},
        "schema_version": _STRING,
    },
}


def _local_of(schema: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = schema["properties"]["rules"]["items"]["properties"]["local"]["items"]["properties"]
    return props


# 2.0: a project may name its domain; 3.0 also takes projects as a JSON string (projects_json).
MAPPING_V2 = copy.deepcopy(MAPPING_V1)
_local_of(MAPPING_V2)["projects"]["items"]["properties"]["domain"] = _DOMAIN
MAPPING_V3 = copy.deepcopy(MAPPING_V2)
_local_of(MAPPING_V3)["projects_json"] = _STRING
MAPPING_SCHEMAS = {"1.0": MAPPING_V1, "2.0": MAPPING_V2, "3.0": MAPPING_V3}
DEFAULT_MAPPING_VERSION = "1.0"
