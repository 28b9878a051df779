"""Server create/update/rebuild bodies, per microversion (JSON Schema draft 4)."""

from __future__ import annotations

import copy
from typing import Any

NAME = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^(?! )[\\S ]*(?<! )$"}
DESCRIPTION = {"type": ["string", "null"], "maxLength": 255}
METADATA = {"type": "object", "patternProperties": {"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": "string", "maxLength": 255}},
            "additionalProperties": False}
BOOL = {"type": ["boolean", "string"], "enum": [True, False, "true", "false", "True", "False", "1", "0", "yes", "no", "on", "off"]}
FLAVOR_REF = {"type": ["string", "integer"], "minLength": 1}
IMAGE_REF = {"type": "string"}
TAG = {"type": "string", "minLength": 1, "maxLength": 60, "pattern": "^[^,/]*$"}
COUNT = {"type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 1, "minLength": 1}
NETWORK_ITEM = {"type": "object", "properties": {
    "uuid": {"type": "string"}, "port": {"type": ["string", "null"]}, "fixed_ip": {"type": "string"},
    "tag": TAG}, "additionalProperties": False}
BDM_V2 = {"type": "object", "properties": {
    "uuid": {"type": "string"}, "source_type": {"type": "string", "enum": ["volume", "image", "snapshot", "blank"]},
    "destination_type": {"type": "string", "enum": ["volume", "local"]}, "boot_index": {"type": ["integer", "string", "null"]},
    "volume_size": {"type": ["integer", "string"]}, "delete_on_termination": BOOL, "device_name": {"type": "string"},
    "disk_bus": {"type": "string"}, "device_type": {"type": "string"}, "guest_format": {"type": "string"},
    "tag": TAG, "volume_type": {"type": ["string", "null"]}, "no_device": {}}, "additionalProperties": False}

_CREATE_21: dict[str, Any] = {
    "type": "object",
    "properties": {
        "server": {
            "type": "object",
            "properties": {
                "name": NAME, "imageRef": IMAGE_REF, "flavorRef": FLAVOR_REF, "adminPass": {"type": "string"},
                "metadata": METADATA,
                "networks": {"type": "array", "items": NETWORK_ITEM},
                "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
                "accessIPv4": {"type": "string", "format": "ipv4"}, "accessIPv6": {"type": "string", "format": "ipv6"},
                "personality": {"type": "array", "items": {"type": "object", "properties": {
                    "path": {"type": "string"}, "contents": {"type": "string"}}}},
                "availability_zone": {"type": "string", "minLength": 1, "maxLength": 255},
                "block_device_mapping": {"type": "array"},
                "block_device_mapping_v2": {"type": "array", "items": BDM_V2},
                "config_drive": BOOL, "key_name": {"type": "string", "minLength": 1, "maxLength": 255},
                "min_count": COUNT, "max_count": COUNT, "return_reservation_id": BOOL,
                "security_groups": {"type": "array", "items": {"type": "object", "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 255}}, "additionalProperties": False}},
                "user_data": {"type": "string", "format": "base64", "maxLength": 65535},
            },
            "required": ["name", "flavorRef"],
            "additionalProperties": False,
        },
        "os:scheduler_hints": {"type": "object", "properties": {
            "group": {"type": "string"}, "same_host": {"type": ["string", "array"]},
            "different_host": {"type": ["string", "array"]}}, "additionalProperties": True},
        "OS-SCH-HNT:scheduler_hints": {"type": "object", "additionalProperties": True},
    },
    "required": ["server"],
    "additionalProperties": False,
}


def create_schema(version: Any) -> dict[str, Any]:
    schema = copy.deepcopy(_CREATE_21)
    props = schema["properties"]["server"]["properties"]
    if version >= (2, 19):
        props["description"] = DESCRIPTION
    if version >= (2, 32):
        props["networks"]["items"]["properties"]["tag"] = TAG
    if version >= (2, 37):
        props["networks"] = {"oneOf": [{"type": "array", "items": NETWORK_ITEM},
                                       {"type": "string", "enum": ["none", "auto"]}]}
        schema["properties"]["server"]["required"].append("networks")
    if version >= (2, 52):
        props["tags"] = {"type": "array", "items": TAG, "maxItems": 50}
    if version >= (2, 57):
        props.pop("personality")
    if version >= (2, 63):
        props["trusted_image_certificates"] = {"type": ["array", "null"], "items": {"type": "string"}}
    if version >= (2, 74):
        props["host"] = {"type": "string", "minLength": 1, "maxLength": 255}
        props["hypervisor_hostname"] = {"type": "string", "minLength": 1, "maxLength": 255}
    if version >= (2, 90):
        props["hostname"] = {"type": "string", "minLength": 1, "maxLength": 255}
    return schema


def update_schema(version: Any) -> dict[str, Any]:
    props: dict[str, Any] = {"name": NAME, "accessIPv4": {"type": "string", "format": "ipv4"},
                             "accessIPv6": {"type": "string", "format": "ipv6"},
                             "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]}}
    if version >= (2, 19):
        props["description"] = DESCRIPTION
    if version >= (2, 90):
        props["hostname"] = {"type": "string", "minLength": 1, "maxLength": 255}
    return {"type": "object", "properties": {"server": {"type": "object", "properties": props,
                                                        "additionalProperties": False}},
            "required": ["server"], "additionalProperties": False}
