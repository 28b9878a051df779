"""Server create and update bodies (JSON Schema draft 4), one schema per microversion that changed
them, named as Nova names them (``create``, ``create_v219``, ...); ``create_schema(version)`` picks."""

from __future__ import annotations

import copy
from typing import Any

NAME = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^(?! )[\\S ]*(?<! )$"}
DESCRIPTION = {"type": ["string", "null"], "maxLength": 255}
METADATA = {"type": "object", "patternProperties": {"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": "string", "maxLength": 255}},
            "additionalProperties": False}
BOOL = {
    "type": ["boolean", "string"],
    "enum": [True, False, "true", "false", "True", "False", "1", "0", "yes", "no", "on", "off"],
}
FLAVOR_REF = {"type": ["string", "integer"], "minLength": 1}
IMAGE_REF = {"type": "string"}
TAG = {"type": "string", "minLength": 1, "maxLength": 60, "pattern": "^[^,/]*$"}
COUNT = {"type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 1, "minLength": 1}
NETWORK_ITEM = {
    "type": "object",
    "properties": {
        "uuid": {"type": "string"},
        "port": {"type": ["string", "null"]},
        "fixed_ip": {"type": "string"},
        "tag": TAG,
    },
    "additionalProperties": False,
}
BDM_V2 = {
    "type": "object",
    "properties": {
        "uuid": {"type": "string"},
        "source_type": {"type": "string", "enum": ["volume", "image", "snapshot", "blank"]},
        "destination_type": {"type": "string", "enum": ["volume", "local"]},
        "boot_index": {"type": ["integer", "string", "null"]},
        "volume_size": {"type": ["integer", "string"]},
        "delete_on_termination": BOOL,
        "device_name": {"type": "string"},
        "disk_bus": {"type": "string"},
        "device_type": {"type": "string"},
        "guest_format": {"type": "string"},
        "tag": TAG,
        "volume_type": {"type": ["string", "null"]},
        "no_device": {},
    },
    "additionalProperties": False,
}

_SERVER_21: dict[str, Any] = {
    "name": NAME,
    "imageRef": IMAGE_REF,
    "flavorRef": FLAVOR_REF,
    "adminPass": {"type": "string"},
    "metadata": METADATA,
    "networks": {"type": "array", "items": NETWORK_ITEM},
    "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
    "accessIPv4": {"type": "string", "format": "ipv4"},
    "accessIPv6": {"type": "string", "format": "ipv6"},
    "personality": {
        "type": "array",
        "items": {"type": "object", "properties": {"path": {"type": "string"}, "contents": {"type": "string"}}},
    },
    "availability_zone": {"type": "string", "minLength": 1, "maxLength": 255},
    "block_device_mapping": {"type": "array"},
    "block_device_mapping_v2": {"type": "array", "items": BDM_V2},
    "config_drive": BOOL,
    "key_name": {"type": "string", "minLength": 1, "maxLength": 255},
    "min_count": COUNT,
    "max_count": COUNT,
    "return_reservation_id": BOOL,
    "security_groups": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 255}},
            "additionalProperties": False,
        },
    },
    "user_data": {"type": "string", "format": "base64", "maxLength": 65535},
}
_HINTS = {
    "type": "object",
    "properties": {
        "group": {"type": "string"},
        "same_host": {"type": ["string", "array"]},
        "different_host": {"type": ["string", "array"]},
    },
    "additionalProperties": True,
}
_HOST_NAME = {"type": "string", "minLength": 1, "maxLength": 255}


def _create(server: dict[str, Any], required: tuple[str, ...] = ("name", "flavorRef")) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "server": {
                "type": "object",
                "properties": server,
                "required": list(required),
                "additionalProperties": False,
            },
            "os:scheduler_hints": _HINTS,
            "OS-SCH-HNT:scheduler_hints": {"type": "object", "additionalProperties": True},
        },
        "required": ["server"],
        "additionalProperties": False,
    }


def _with(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """``base`` with ``changes`` (a value of None drops the property), deep-copied."""
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = copy.deepcopy(value)
    return out


_server_219 = _with(_SERVER_21, description=DESCRIPTION)
_server_237 = _with(
    _server_219,
    networks={"oneOf": [{"type": "array", "items": NETWORK_ITEM}, {"type": "string", "enum": ["none", "auto"]}]},
)
_server_252 = _with(_server_237, tags={"type": "array", "items": TAG, "maxItems": 50})
_server_257 = _with(_server_252, personality=None)
_server_263 = _with(_server_257, trusted_image_certificates={"type": ["array", "null"], "items": {"type": "string"}})
_server_274 = _with(_server_263, host=_HOST_NAME, hypervisor_hostname=_HOST_NAME)
_server_290 = _with(_server_274, hostname=_HOST_NAME)

create = _create(_SERVER_21)
create_v219 = _create(_server_219)
create_v237 = _create(_server_237, ("name", "flavorRef", "networks"))
create_v252 = _create(_server_252, ("name", "flavorRef", "networks"))
create_v257 = _create(_server_257, ("name", "flavorRef", "networks"))
create_v263 = _create(_server_263, ("name", "flavorRef", "networks"))
create_v274 = _create(_server_274, ("name", "flavorRef", "networks"))
create_v290 = _create(_server_290, ("name", "flavorRef", "networks"))

CREATE: list[tuple[tuple[int, int], dict[str, Any]]] = [
    ((2, 90), create_v290),
    ((2, 74), create_v274),
    ((2, 63), create_v263),
    ((2, 57), create_v257),
    ((2, 52), create_v252),
    ((2, 37), create_v237),
    ((2, 19), create_v219),
    ((2, 1), create),
]

_UPDATE_21: dict[str, Any] = {
    "name": NAME,
    "accessIPv4": {"type": "string", "format": "ipv4"},
    "accessIPv6": {"type": "string", "format": "ipv6"},
    "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
}


def _update(server: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"server": {"type": "object", "properties": server, "additionalProperties": False}},
        "required": ["server"],
        "additionalProperties": False,
    }


update = _update(_UPDATE_21)
update_v219 = _update(_with(_UPDATE_21, description=DESCRIPTION))
update_v290 = _update(_with(_UPDATE_21, description=DESCRIPTION, hostname=_HOST_NAME))
update_v2104 = _update(_with(_UPDATE_21, description=DESCRIPTION, hostname=_HOST_NAME,
                             pinned_availability_zone={"type": ["string", "null"], "minLength": 1, "maxLength": 255}))

UPDATE: list[tuple[tuple[int, int], dict[str, Any]]] = [
    ((2, 104), update_v2104),
    ((2, 90), update_v290),
    ((2, 19), update_v219),
    ((2, 1), update),
]


def pick(schemas: list[tuple[tuple[int, int], dict[str, Any]]], version: Any) -> dict[str, Any]:
    """The schema of the newest microversion at or below ``version`` (newest first in ``schemas``)."""
    for since, found in schemas:
        if version >= since:
            return found
    return schemas[-1][1]


def create_schema(version: Any) -> dict[str, Any]:
    return pick(CREATE, version)


def update_schema(version: Any) -> dict[str, Any]:
    return pick(UPDATE, version)
