"""Request bodies of the flavors API (Nova's flavor_manage schemas)."""

from __future__ import annotations

import copy
from typing import Any

from twinstack.compute.schemas.parameter_types import BOOLEAN, NAME

_INT_MAX = 2147483647
_POSITIVE = {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 1, "maximum": _INT_MAX}
_NON_NEGATIVE = {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 0, "maximum": _INT_MAX}
_DESCRIPTION = {"type": ["string", "null"], "minLength": 0, "maxLength": 65535,
                "pattern": r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"}

create: dict[str, Any] = {
    "type": "object",
    "properties": {"flavor": {
        "type": "object",
        "properties": {
            "name": NAME,
            "id": {"type": ["string", "number", "null"], "minLength": 1, "maxLength": 255,
                   "pattern": "^(?! )[a-zA-Z0-9. _-]+(?<! )$"},
            "ram": _POSITIVE, "vcpus": _POSITIVE, "disk": _NON_NEGATIVE,
            "OS-FLV-EXT-DATA:ephemeral": _NON_NEGATIVE, "swap": _NON_NEGATIVE,
            "rxtx_factor": {"type": ["number", "string"], "pattern": r"^[0-9]+(\.[0-9]+)?$",
                            "exclusiveMinimum": True, "minimum": 0, "maximum": 3.40282e38},
            "os-flavor-access:is_public": BOOLEAN,
        },
        "required": ["name", "ram", "vcpus", "disk"],
        "additionalProperties": False,
    }},
    "required": ["flavor"],
    "additionalProperties": False,
}
create_v2_55 = copy.deepcopy(create)
create_v2_55["properties"]["flavor"]["properties"]["description"] = _DESCRIPTION
create_v2_102 = copy.deepcopy(create_v2_55)
del create_v2_102["properties"]["flavor"]["properties"]["rxtx_factor"]
update_v2_55: dict[str, Any] = {
    "type": "object",
    "properties": {"flavor": {"type": "object", "properties": {"description": _DESCRIPTION},
                              "required": ["description"], "additionalProperties": False}},
    "required": ["flavor"],
    "additionalProperties": False,
}
