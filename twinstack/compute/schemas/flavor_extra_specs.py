"""Request bodies of ``/flavors/{id}/os-extra_specs`` (Nova's flavors_extraspecs schemas)."""

from __future__ import annotations

import copy
from typing import Any

_SPECS = {"type": "object", "patternProperties": {"^[a-zA-Z0-9-_:. ]{1,255}$": {
    "type": ["string", "number"], "maxLength": 255}}, "additionalProperties": False}

create: dict[str, Any] = {"type": "object", "properties": {"extra_specs": _SPECS}, "required": ["extra_specs"],
                          "additionalProperties": False}
update: dict[str, Any] = dict(copy.deepcopy(_SPECS), minProperties=1, maxProperties=1)
