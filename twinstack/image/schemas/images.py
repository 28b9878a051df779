"""The image schema: clients (python-glanceclient, tempest) read ``/v2/schemas/image`` to learn which
attributes are base ones; it is permissive: any extra property must be a string."""

from __future__ import annotations

from typing import Any

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
        "url": {"type": "string", "maxLength": 255}, "metadata": {"type": "object"},
        # Glance's location APIs (2.17) take hashes with a location, written but never shown
        "validation_data": {"type": "object", "writeOnly": True, "additionalProperties": False,
                            "description": "Hashes the image's own must equal once it has data",
                            "properties": {"checksum": {"type": "string", "minLength": 32, "maxLength": 32},
                                           "os_hash_algo": {"type": "string", "maxLength": 64},
                                           "os_hash_value": {"type": "string", "maxLength": 128}},
                            "required": ["os_hash_algo", "os_hash_value"]}},
        "required": ["url", "metadata"]}, "description": "Locations of the data"},
}

IMAGE_SCHEMA: dict[str, Any] = {
    "name": "image",
    "properties": IMAGE_PROPERTIES,
    "additionalProperties": {"type": "string"},
    "links": [{"rel": "self", "href": "{self}"}, {"rel": "enclosure", "href": "{file}"},
              {"rel": "describedby", "href": "{schema}"}],
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
