"""Allocations: ``PUT /allocations/{consumer}`` (a list until 1.11, a dict by provider from 1.12),
``POST /allocations`` (1.13, many consumers) and the consumer part of ``POST /reshaper`` (1.30).

A consumer's dict gains ``consumer_generation`` at 1.28 (and may then be empty, to delete),
``mappings`` at 1.34 and ``consumer_type`` at 1.38.
"""

from __future__ import annotations

from typing import Any

from twinstack.placement.schemas.common import RC_PATTERN, UUID, UUID_PATTERN

_RESOURCES = {"type": "object", "minProperties": 1, "additionalProperties": False,
              "patternProperties": {RC_PATTERN: {"type": "integer", "minimum": 1}}}
_ID = {"type": "string", "minLength": 1, "maxLength": 255}
_MAPPINGS = {"type": "object", "minProperties": 1, "patternProperties": {
    "^[a-zA-Z0-9_-]{0,64}$": {"type": "array", "minItems": 1, "items": UUID}}}
_CONSUMER_TYPE = {"type": "string", "pattern": RC_PATTERN, "minLength": 1, "maxLength": 255}


def _list_format(*, owner: bool) -> dict[str, Any]:
    """Before 1.12: a list of {resource_provider: {uuid}, resources}; project and user from 1.8."""
    properties: dict[str, Any] = {"allocations": {"type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": False, "required": ["resource_provider", "resources"],
        "properties": {"resource_provider": {"type": "object", "additionalProperties": False, "required": ["uuid"],
                                             "properties": {"uuid": UUID}},
                       "resources": _RESOURCES}}}}
    required = ["allocations"]
    if owner:
        properties.update(project_id=_ID, user_id=_ID)
        required = ["allocations", "project_id", "user_id"]
    return {"type": "object", "additionalProperties": False, "required": required, "properties": properties}


def consumer(*, deletable: bool, minor: int) -> dict[str, Any]:
    """One consumer's allocations by provider (1.12+), as in force at microversion 1.<minor>."""
    props: dict[str, Any] = {
        "allocations": {"type": "object", "minProperties": 0 if deletable else 1, "additionalProperties": False,
                        "patternProperties": {UUID_PATTERN: {
                            "type": "object", "additionalProperties": False, "required": ["resources"],
                            "properties": {"generation": {"type": "integer"}, "resources": _RESOURCES}}}},
        "project_id": _ID, "user_id": _ID,
    }
    required = ["allocations", "project_id", "user_id"]
    if minor >= 28:
        props["consumer_generation"] = {"type": ["integer", "null"]}
        required.append("consumer_generation")
    if minor >= 34:
        props["mappings"] = _MAPPINGS
    if minor >= 38:
        props["consumer_type"] = _CONSUMER_TYPE
        required.append("consumer_type")
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}


def _many(minor: int) -> dict[str, Any]:
    return {"type": "object", "minProperties": 1, "additionalProperties": False,
            "patternProperties": {UUID_PATTERN: consumer(deletable=True, minor=minor)}}


# PUT /allocations/{consumer_uuid}
update = _list_format(owner=False)
update_v1_8 = _list_format(owner=True)
update_v1_12 = consumer(deletable=False, minor=12)
update_v1_28 = consumer(deletable=True, minor=28)
update_v1_34 = consumer(deletable=True, minor=34)
update_v1_38 = consumer(deletable=True, minor=38)

# POST /allocations: {consumer_uuid: consumer}; an empty allocations dict releases a consumer
manage_v1_13 = _many(13)
manage_v1_28 = _many(28)
manage_v1_34 = _many(34)
manage_v1_38 = _many(38)
