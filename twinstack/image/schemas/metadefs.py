"""The metadata definition schemas (``/v2/schemas/metadefs/{name}``), built as Glance builds them
(glance/api/v2/metadef_*.py): shared ``definitions`` referred to by ``$ref``; a collection's items are the
item's schema without its definitions, which move to the collection's top. Descriptions in our words."""

from __future__ import annotations

import copy
from typing import Any


def _stamps(what: str) -> dict[str, Any]:
    return {"created_at": {"type": "string", "readOnly": True, "description": f"When the {what} was created",
                           "format": "date-time"},
            "updated_at": {"type": "string", "readOnly": True, "description": f"When the {what} last changed",
                           "format": "date-time"}}


_LINKS = {"schema": {"readOnly": True, "type": "string"}, "self": {"readOnly": True, "type": "string"}}
_TYPES = ["array", "boolean", "integer", "number", "object", "string", None]
_BASE_DEFINITIONS: dict[str, Any] = {
    "positiveInteger": {"type": "integer", "minimum": 0},
    "positiveIntegerDefault0": {"allOf": [{"$ref": "#/definitions/positiveInteger"}, {"default": 0}]},
    "stringArray": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
}
_PROPERTY_FIELDS: dict[str, Any] = {
    "name": {"type": "string", "maxLength": 80}, "title": {"type": "string"}, "description": {"type": "string"},
    "operators": {"type": "array", "items": {"type": "string"}}, "type": {"type": "string", "enum": _TYPES},
    "required": {"$ref": "#/definitions/stringArray"}, "minimum": {"type": "number"},
    "maximum": {"type": "number"}, "maxLength": {"$ref": "#/definitions/positiveInteger"},
    "minLength": {"$ref": "#/definitions/positiveIntegerDefault0"}, "pattern": {"type": "string", "format": "regex"},
    "enum": {"type": "array"}, "readonly": {"type": "boolean"}, "default": {},
    "items": {"type": "object", "properties": {"type": {"type": "string", "enum": _TYPES}, "enum": {"type": "array"}}},
    "maxItems": {"$ref": "#/definitions/positiveInteger"},
    "minItems": {"$ref": "#/definitions/positiveIntegerDefault0"},
    "uniqueItems": {"type": "boolean", "default": False}, "additionalItems": {"type": "boolean"},
}
# where a namespace or an object holds properties, they are a map of these
_DEFINITIONS: dict[str, Any] = {**_BASE_DEFINITIONS, "property": {"type": "object", "additionalProperties": {
    "type": "object", "required": ["title", "type"], "properties": _PROPERTY_FIELDS}}}
# the property schema's own string arrays are never empty
_PROPERTY_DEFINITIONS: dict[str, Any] = {**_BASE_DEFINITIONS, "stringArray": {
    "type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True}}

_NAMESPACE: dict[str, Any] = {"name": "namespace", "properties": {
    "namespace": {"type": "string", "description": "The namespace's unique name", "maxLength": 80},
    "display_name": {"type": "string", "description": "A name for people, shown by UIs", "maxLength": 80},
    "description": {"type": "string", "description": "What the namespace is about", "maxLength": 500},
    "visibility": {"type": "string", "description": "Who may see the namespace", "enum": ["public", "private"]},
    "protected": {"type": "boolean", "description": "A protected namespace cannot be deleted"},
    "owner": {"type": "string", "description": "The project owning the namespace", "maxLength": 255},
    **_stamps("namespace"), **_LINKS,
    "resource_type_associations": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}, "prefix": {"type": "string"}, "properties_target": {"type": "string"}}}},
    "properties": {"$ref": "#/definitions/property"},
    "objects": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}, "description": {"type": "string"},
        "required": {"$ref": "#/definitions/stringArray"}, "properties": {"$ref": "#/definitions/property"}}}},
    "tags": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
}, "additionalProperties": False, "definitions": _DEFINITIONS, "required": ["namespace"]}

_OBJECT: dict[str, Any] = {"name": "object", "properties": {
    "name": {"type": "string", "maxLength": 80}, "description": {"type": "string"},
    "required": {"$ref": "#/definitions/stringArray"}, "properties": {"$ref": "#/definitions/property"},
    **_LINKS, **_stamps("object"),
}, "additionalProperties": False, "definitions": _DEFINITIONS, "required": ["name"]}

_PROPERTY: dict[str, Any] = {"name": "property", "properties": _PROPERTY_FIELDS, "additionalProperties": False,
                             "definitions": _PROPERTY_DEFINITIONS, "required": ["type", "title", "name"]}

_TAG: dict[str, Any] = {"name": "tag", "properties": {"name": {"type": "string", "maxLength": 80}, **_stamps("tag")},
                        "additionalProperties": False, "required": ["name"]}

_ASSOCIATION: dict[str, Any] = {"name": "resource_type_association", "properties": {
    "name": {"type": "string", "description": "The resource type, named as Heat names it where it can",
             "maxLength": 80},
    "prefix": {"type": "string", "description": "Put before the namespace's property names on this resource type, "
                                                "separator included (e.g. hw_ or hw:)", "maxLength": 80},
    "properties_target": {"type": "string", "description": "Which of the resource's key/value sets the "
                                                           "properties go to (e.g. image on a volume)",
                          "maxLength": 80},
    **_stamps("association"),
}, "additionalProperties": False, "required": ["name"]}

_COLLECTION_LINKS = [{"rel": "first", "href": "{first}"}, {"rel": "next", "href": "{next}"},
                     {"rel": "describedby", "href": "{schema}"}]
_PAGING = {"first": {"type": "string"}, "next": {"type": "string"}, "schema": {"type": "string"}}


def _listing(name: str, key: str, item: dict[str, Any], as_map: bool = False) -> dict[str, Any]:
    """Glance's collection schema: the item without its definitions, which the collection carries."""
    item = copy.deepcopy(item)
    definitions = item.pop("definitions", None)
    holder = {"type": "object", "additionalProperties": item} if as_map else {"type": "array", "items": item}
    schema: dict[str, Any] = {"name": name, "properties": {key: holder, **_PAGING}, "links": _COLLECTION_LINKS}
    if definitions is not None:
        schema["definitions"] = definitions
    return schema


METADEF_SCHEMAS: dict[str, dict[str, Any]] = {
    "namespace": _NAMESPACE,
    "namespaces": _listing("namespaces", "namespaces", _NAMESPACE),
    "resource_type": _ASSOCIATION,
    "resource_types": _listing("resource_type_associations", "resource_type_associations", _ASSOCIATION),
    "object": _OBJECT,
    "objects": _listing("objects", "objects", _OBJECT),
    "property": _PROPERTY,
    # a property in a collection needs no name: the map's key is its name
    "properties": _listing("properties", "properties", {**_PROPERTY, "required": ["type", "title"]}, as_map=True),
    "tag": _TAG,
    "tags": _listing("tags", "tags", _TAG),
}
