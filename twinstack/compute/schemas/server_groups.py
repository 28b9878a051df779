"""Request bodies of os-server-groups, per microversion (Nova's server_groups schemas)."""

from __future__ import annotations

import copy
from typing import Any

from twinstack.compute.schemas.parameter_types import NAME

create: dict[str, Any] = {
    "type": "object",
    "properties": {"server_group": {
        "type": "object",
        "properties": {
            "name": NAME,
            "policies": {"type": "array", "items": [{"type": "string", "enum": ["anti-affinity", "affinity"]}],
                         "uniqueItems": True, "minItems": 1, "maxItems": 1, "additionalItems": False},
        },
        "required": ["name", "policies"], "additionalProperties": False}},
    "required": ["server_group"], "additionalProperties": False,
}
create_v2_15 = copy.deepcopy(create)
create_v2_15["properties"]["server_group"]["properties"]["policies"]["items"][0]["enum"] += [
    "soft-anti-affinity", "soft-affinity"]
create_v2_64 = copy.deepcopy(create_v2_15)
_group = create_v2_64["properties"]["server_group"]
del _group["properties"]["policies"]
_group["required"] = ["name", "policy"]
_group["properties"]["policy"] = {"type": "string",
                                  "enum": ["anti-affinity", "affinity", "soft-anti-affinity", "soft-affinity"]}
_group["properties"]["rules"] = {"type": "object", "properties": {"max_server_per_host": {
    "type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 1, "minLength": 1}},
    "additionalProperties": False}
