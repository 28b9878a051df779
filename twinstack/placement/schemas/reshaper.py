"""``POST /reshaper`` (1.30): every affected provider's whole inventory and every affected
consumer's allocations, in one body."""

from __future__ import annotations

from typing import Any

from twinstack.placement.schemas import allocations, inventories
from twinstack.placement.schemas.common import UUID_PATTERN


def _reshape(minor: int) -> dict[str, Any]:
    return {
        "type": "object", "additionalProperties": False, "required": ["inventories", "allocations"],
        "properties": {
            "inventories": {"type": "object", "minProperties": 1, "additionalProperties": False,
                            "patternProperties": {UUID_PATTERN: inventories.update_all}},
            "allocations": {"type": "object", "additionalProperties": False,
                            "patternProperties": {UUID_PATTERN: allocations.consumer(deletable=True, minor=minor)}},
        },
    }


reshape_v1_30 = _reshape(30)
reshape_v1_34 = _reshape(34)
reshape_v1_38 = _reshape(38)
