"""Request bodies of ``/servers/{id}/metadata`` (Nova's server_metadata schemas)."""

from __future__ import annotations

from typing import Any

from twinstack.compute.schemas.servers import METADATA

create: dict[str, Any] = {"type": "object", "properties": {"metadata": METADATA}, "required": ["metadata"],
                          "additionalProperties": False}
update_all = create
update: dict[str, Any] = {"type": "object", "properties": {"meta": {**METADATA, "minProperties": 1,
                                                                    "maxProperties": 1}},
                          "required": ["meta"], "additionalProperties": False}
