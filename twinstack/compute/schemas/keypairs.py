"""Request bodies of os-keypairs, per microversion (Nova's keypairs schemas)."""

from __future__ import annotations

import copy
from typing import Any

# Nova's 'name' format (no leading or trailing whitespace) and its keypair character sets
_NAME = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^(?! )[_\- a-zA-Z0-9]+(?<! )$"}
_NAME_V292 = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^(?! )[_\-@. a-zA-Z0-9]+(?<! )$"}

create: dict[str, Any] = {
    "type": "object",
    "properties": {"keypair": {
        "type": "object",
        "properties": {"name": _NAME, "public_key": {"type": "string"}},
        "required": ["name"], "additionalProperties": False}},
    "required": ["keypair"], "additionalProperties": False,
}
create_v2_2 = copy.deepcopy(create)
create_v2_2["properties"]["keypair"]["properties"]["type"] = {"type": "string", "enum": ["ssh", "x509"]}
create_v2_10 = copy.deepcopy(create_v2_2)
create_v2_10["properties"]["keypair"]["properties"]["user_id"] = {"type": "string"}
create_v2_92 = copy.deepcopy(create_v2_10)
create_v2_92["properties"]["keypair"]["properties"]["name"] = _NAME_V292
create_v2_92["properties"]["keypair"]["required"] = ["name", "public_key"]
