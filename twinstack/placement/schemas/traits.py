"""``PUT /resource_providers/{uuid}/traits``: the provider's whole trait list and its generation."""

from __future__ import annotations

from typing import Any

from twinstack.placement.schemas.common import GENERATION, RC_PATTERN

update_provider_traits: dict[str, Any] = {
    "type": "object",
    "properties": {
        "traits": {"type": "array", "items": {"type": "string", "pattern": RC_PATTERN}, "uniqueItems": True},
        "resource_provider_generation": GENERATION,
    },
    "required": ["traits", "resource_provider_generation"],
    "additionalProperties": False,
}
