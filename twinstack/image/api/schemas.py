"""The JSON Schemas Glance publishes under ``/v2/schemas`` and validates requests with.

Clients (python-glanceclient, tempest) read ``/v2/schemas/image`` to learn which attributes are
base ones; the image schema is permissive: any extra property must be a string.
"""

from __future__ import annotations

import copy
from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.core.validation import compiled
from twinstack.image.model import CONTAINER_FORMATS, DISK_FORMATS

UUID_PATTERN = ("^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$")
STATUSES = ["queued", "saving", "active", "killed", "deleted", "uploading", "importing",
            "pending_delete", "deactivated"]


def _ro(schema: dict[str, Any], text: str) -> dict[str, Any]:
    return {**schema, "readOnly": True, "description": text}


IMAGE_PROPERTIES: dict[str, Any] = {
    "id": {"type": "string", "pattern": UUID_PATTERN, "description": "The image's identifier"},
    "name": {"type": ["null", "string"], "maxLength": 255, "description": "A name for people"},
    "status": _ro({"type": "string", "enum": STATUSES}, "Where the image is in its life"),
    "visibility": {"type": "string", "enum": ["community", "public", "private", "shared"],
                   "description": "Who may see the image"},
    "protected": {"type": "boolean", "description": "Deletion is refused while true"},
    "os_hidden": {"type": "boolean", "description": "Left out of listings unless asked for"},
    "checksum": _ro({"type": ["null", "string"], "maxLength": 32}, "MD5 of the data (legacy)"),
    "os_hash_algo": _ro({"type": ["null", "string"], "maxLength": 64}, "Algorithm of os_hash_value"),
    "os_hash_value": _ro({"type": ["null", "string"], "maxLength": 128}, "Secure hash of the data"),
    "owner": {"type": ["null", "string"], "maxLength": 255, "description": "The owning project"},
    "size": _ro({"type": ["null", "integer"]}, "Bytes of data"),
    "virtual_size": _ro({"type": ["null", "integer"]}, "Virtual disk size in bytes"),
    "container_format": {"type": ["null", "string"], "enum": [None, *CONTAINER_FORMATS],
                         "description": "Container of the data"},
    "disk_format": {"type": ["null", "string"], "enum": [None, *DISK_FORMATS],
                    "description": "Disk format of the data"},
    "created_at": _ro({"type": "string"}, "When the image was created"),
    "updated_at": _ro({"type": "string"}, "When the image last changed"),
    "tags": {"type": "array", "items": {"type": "string", "maxLength": 255}, "description": "Tags"},
    "direct_url": _ro({"type": "string"}, "Where the data is stored"),
    "min_ram": {"type": "integer", "description": "Least RAM (MiB) to boot it"},
    "min_disk": {"type": "integer", "description": "Least disk (GiB) to boot it"},
    "self": _ro({"type": "string"}, "This image's URL"),
    "file": _ro({"type": "string"}, "Its data's URL"),
    "stores": _ro({"type": "string"}, "Stores holding its data"),
    "schema": _ro({"type": "string"}, "This schema's URL"),
    "locations": {"type": "array", "items": {"type": "object", "properties": {
        "url": {"type": "string", "maxLength": 255}, "metadata": {"type": "object"}},
        "required": ["url", "metadata"]}, "description": "Locations of the data"},
}

IMAGE_SCHEMA: dict[str, Any] = {
    "name": "image",
    "properties": IMAGE_PROPERTIES,
    "additionalProperties": {"type": "string"},
    "links": [{"rel": "self", "href": "{self}"}, {"rel": "enclosure", "href": "{file}"},
              {"rel": "describedby", "href": "{schema}"}],
}

MEMBER_SCHEMA: dict[str, Any] = {
    "name": "member",
    "properties": {
        "created_at": {"type": "string", "description": "When the member was added"},
        "image_id": {"type": "string", "pattern": UUID_PATTERN, "description": "The image"},
        "member_id": {"type": "string", "description": "The member project"},
        "schema": {"type": "string", "readOnly": True},
        "status": {"type": "string", "enum": ["pending", "accepted", "rejected"],
                   "description": "What the member answered"},
        "updated_at": {"type": "string", "description": "When it last changed"},
    },
}

TASK_SCHEMA: dict[str, Any] = {
    "name": "task",
    "properties": {
        "id": {"type": "string", "pattern": UUID_PATTERN},
        "type": {"type": "string", "enum": ["import", "api_image_import", "location_import"]},
        "status": {"type": "string", "enum": ["pending", "processing", "success", "failure"]},
        "input": {"type": ["null", "object"]},
        "result": {"type": ["null", "object"]},
        "owner": {"type": "string"},
        "message": {"type": "string"},
        "image_id": {"type": "string"},
        "request_id": {"type": "string"},
        "user_id": {"type": "string"},
        "expires_at": {"type": ["null", "string"]},
        "created_at": {"type": "string"},
        "updated_at": {"type": "string"},
        "self": {"type": "string"},
        "schema": {"type": "string"},
    },
    "required": ["type", "input"],
    "additionalProperties": False,
    "links": [{"rel": "self", "href": "{self}"}, {"rel": "describedby", "href": "{schema}"}],
}


def collection(name: str, item: dict[str, Any], first: str) -> dict[str, Any]:
    return {
        "name": name,
        "properties": {
            name: {"type": "array", "items": item},
            "first": {"type": "string"},
            "next": {"type": "string"},
            "schema": {"type": "string"},
        },
        "links": [{"rel": "first", "href": "{first}"}, {"rel": "next", "href": "{next}"},
                  {"rel": "describedby", "href": "{schema}"}],
    }


MEMBERS_SCHEMA = {"name": "members", "properties": {
    "members": {"type": "array", "items": MEMBER_SCHEMA}, "schema": {"type": "string"}},
    "links": [{"rel": "self", "href": "{self}"}, {"rel": "describedby", "href": "{schema}"}]}


def check_image(partial: dict[str, Any]) -> None:
    """Validate (part of) an image against the image schema; Glance's 400 message on failure."""
    error = next(iter(compiled(IMAGE_SCHEMA, None).iter_errors(partial)), None)
    if error is not None:
        raise ApiError(400, f"Provided object does not match schema 'image': {error.message}",
                       "InvalidObject")


async def image(req: Req) -> Any:
    return copy.deepcopy(IMAGE_SCHEMA)


async def images(req: Req) -> Any:
    return collection("images", copy.deepcopy(IMAGE_SCHEMA), "/v2/images")


async def member(req: Req) -> Any:
    return copy.deepcopy(MEMBER_SCHEMA)


async def members(req: Req) -> Any:
    return copy.deepcopy(MEMBERS_SCHEMA)


async def task(req: Req) -> Any:
    return copy.deepcopy(TASK_SCHEMA)


async def tasks(req: Req) -> Any:
    return collection("tasks", copy.deepcopy(TASK_SCHEMA), "/v2/tasks")


# -- metadefs ----------------------------------------------------------------------------------

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


async def metadef(req: Req) -> Any:
    name = req.params["name"]
    if name not in METADEF_SCHEMAS:
        raise ApiError(404, "The resource could not be found.", "NotFound")
    return copy.deepcopy(METADEF_SCHEMAS[name])
