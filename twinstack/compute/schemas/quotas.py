"""Request bodies of os-quota-sets and os-quota-class-sets (Nova's quota_sets and quota_classes
schemas): the keys depend on the microversion, so the handler names them."""

from __future__ import annotations

from typing import Any

from twinstack.compute.schemas.parameter_types import BOOLEAN

_QUOTA_VALUE = {"type": ["integer", "string"], "pattern": "^-?[0-9]+$", "minimum": -1, "maximum": 0x7FFFFFFF}


def update(keys: list[str], root: str, force: bool) -> dict[str, Any]:
    """``{root: {key: limit, ...}}``; a quota set (not a class) may also say ``force``."""
    props: dict[str, Any] = dict.fromkeys(keys, _QUOTA_VALUE)
    if force:
        props["force"] = BOOLEAN
    return {"type": "object", "properties": {root: {"type": "object", "properties": props,
                                                    "additionalProperties": False}},
            "required": [root], "additionalProperties": False}
