"""The metadata definition schemas (``/v2/schemas/metadefs/{name}``)."""

from __future__ import annotations

from typing import Any

_STAMPS = {"created_at": {"type": "string", "readOnly": True, "format": "date-time"},
           "updated_at": {"type": "string", "readOnly": True, "format": "date-time"}}
_PROPERTY_TYPES = ["array", "boolean", "integer", "number", "object", "string", None]
_PROPERTY = {"type": "object", "required": ["title", "type"], "properties": {
    "name": {"type": "string", "maxLength": 255}, "title": {"type": "string"},
    "description": {"type": "string"}, "type": {"type": "string", "enum": _PROPERTY_TYPES},
    "enum": {"type": "array"}, "default": {}, "readonly": {"type": "boolean"},
    "minimum": {"type": "number"}, "maximum": {"type": "number"}, "pattern": {"type": "string"},
    "minLength": {"type": "integer"}, "maxLength": {"type": "integer"}, "items": {"type": "object"},
    "operators": {"type": "array", "items": {"type": "string"}}}}
_ASSOCIATION = {"name": "resource_type_association", "properties": {
    "name": {"type": "string", "maxLength": 80}, "prefix": {"type": "string", "maxLength": 80},
    "properties_target": {"type": "string", "maxLength": 80}, **_STAMPS}, "required": ["name"],
    "additionalProperties": False}
_OBJECT = {"name": "object", "properties": {
    "name": {"type": "string", "maxLength": 80}, "description": {"type": "string"},
    "required": {"type": "array", "items": {"type": "string"}},
    "properties": {"type": "object", "additionalProperties": _PROPERTY},
    "schema": {"type": "string", "readOnly": True}, "self": {"type": "string", "readOnly": True}, **_STAMPS},
    "required": ["name"], "additionalProperties": False}
_TAG = {"name": "tag", "properties": {"name": {"type": "string", "maxLength": 255}, **_STAMPS},
        "required": ["name"], "additionalProperties": False}
_NAMESPACE = {"name": "namespace", "properties": {
    "namespace": {"type": "string", "maxLength": 80}, "display_name": {"type": "string", "maxLength": 80},
    "description": {"type": "string", "maxLength": 500}, "visibility": {"type": "string",
                                                                          "enum": ["public", "private"]},
    "protected": {"type": "boolean"}, "owner": {"type": "string", "maxLength": 255},
    "resource_type_associations": {"type": "array", "items": _ASSOCIATION},
    "properties": {"type": "object", "additionalProperties": _PROPERTY},
    "objects": {"type": "array", "items": _OBJECT}, "tags": {"type": "array", "items": _TAG},
    "schema": {"type": "string", "readOnly": True}, "self": {"type": "string", "readOnly": True}, **_STAMPS},
    "required": ["namespace"], "additionalProperties": False}


def _listing(name: str, key: str, item: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "properties": {key: {"type": "array", "items": item}, "first": {"type": "string"},
                                         "next": {"type": "string"}, "schema": {"type": "string"}},
            "links": [{"rel": "first", "href": "{first}"}, {"rel": "next", "href": "{next}"},
                      {"rel": "describedby", "href": "{schema}"}]}


METADEF_SCHEMAS: dict[str, dict[str, Any]] = {
    "namespace": _NAMESPACE,
    "namespaces": _listing("namespaces", "namespaces", _NAMESPACE),
    "resource_type": _ASSOCIATION,
    "resource_types": _listing("resource_type_associations", "resource_type_associations", _ASSOCIATION),
    "object": _OBJECT,
    "objects": _listing("objects", "objects", _OBJECT),
    "property": {"name": "property", **{k: v for k, v in _PROPERTY.items() if k != "type"}},
    "properties": {"name": "properties", "properties": {"properties": {"type": "object",
                                                                       "additionalProperties": _PROPERTY}}},
    "tag": _TAG,
    "tags": _listing("tags", "tags", _TAG),
}
