"""Request body of ``POST /servers/{id}/remote-consoles``, per microversion as Nova's schemas have it:
2.6 the first, 2.8 adds the mks protocol and webmks type, 2.99 the spice-direct type."""

from __future__ import annotations

import copy
from typing import Any

PROTOCOLS = ["mks", "rdp", "serial", "spice", "vnc"]

create_v26: dict[str, Any] = {"type": "object", "properties": {"remote_console": {"type": "object", "properties": {
    "protocol": {"type": "string", "enum": ["vnc", "spice", "serial", "rdp"]},  # rdp: listed, then refused
    "type": {"type": "string", "enum": ["novnc", "xvpvnc", "spice-html5", "serial", "rdp-html5"]}},
    "required": ["protocol", "type"], "additionalProperties": False}},
    "required": ["remote_console"], "additionalProperties": False}

create_v28 = copy.deepcopy(create_v26)
create_v28["properties"]["remote_console"]["properties"]["protocol"]["enum"].append("mks")
create_v28["properties"]["remote_console"]["properties"]["type"]["enum"].append("webmks")

create_v299 = copy.deepcopy(create_v28)
create_v299["properties"]["remote_console"]["properties"]["type"]["enum"].append("spice-direct")


def create_for(at_least: Any) -> dict[str, Any]:
    """The schema of the request's microversion (``at_least`` is Req.at_least)."""
    return create_v299 if at_least(2, 99) else create_v28 if at_least(2, 8) else create_v26
