"""``/resource_providers/{uuid}/inventories``: one record (PUT .../{rc}), a new class (POST), the
whole set (PUT); ``update_all`` is also the per-provider part of ``POST /reshaper``."""

from __future__ import annotations

from typing import Any

from twinstack.placement.schemas.common import GENERATION, MAX_INT, RC_PATTERN

_FIELDS: dict[str, Any] = {
    "total": {"type": "integer", "maximum": MAX_INT, "minimum": 1},
    "reserved": {"type": "integer", "maximum": MAX_INT, "minimum": 0},
    "min_unit": {"type": "integer", "maximum": MAX_INT, "minimum": 1},
    "max_unit": {"type": "integer", "maximum": MAX_INT, "minimum": 1},
    "step_size": {"type": "integer", "maximum": MAX_INT, "minimum": 1},
    "allocation_ratio": {"type": "number", "maximum": 3.40282e38},
}
_GEN = {"resource_provider_generation": GENERATION}

# one class's record inside the whole set: the generation is given once, beside the set
record: dict[str, Any] = {"type": "object", "properties": {**_GEN, **_FIELDS}, "required": ["total"],
                          "additionalProperties": False}

update: dict[str, Any] = {**record, "required": ["total", "resource_provider_generation"]}

create: dict[str, Any] = {
    "type": "object",
    "properties": {**_GEN, **_FIELDS, "resource_class": {"type": "string", "pattern": RC_PATTERN}},
    "required": ["total", "resource_class"],
    "additionalProperties": False,
}

update_all: dict[str, Any] = {
    "type": "object",
    "properties": {**_GEN, "inventories": {
        "type": "object", "patternProperties": {RC_PATTERN: record}, "additionalProperties": False}},
    "required": ["resource_provider_generation", "inventories"],
    "additionalProperties": False,
}
