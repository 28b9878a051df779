"""Schema pieces Cinder's request bodies share: names, metadata maps, sizes."""

from __future__ import annotations

from typing import Any

STRING_255: dict[str, Any] = {"type": ["string", "null"], "maxLength": 255}
METADATA: dict[str, Any] = {"type": ["object", "null"], "patternProperties": {
    "^[a-zA-Z0-9-_:. /]{1,255}$": {"type": "string", "maxLength": 255}}, "additionalProperties": False}
SIZE: dict[str, Any] = {"type": ["integer", "string", "null"], "pattern": "^[0-9]+$", "minimum": 1,
                        "maximum": 2147483647}
