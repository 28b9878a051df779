"""``PUT /resource_providers/{uuid}/aggregates``: a bare list of aggregate uuids (1.1), then an
object with the provider generation (1.19)."""

from __future__ import annotations

from typing import Any

from twinstack.placement.schemas.common import GENERATION, UUID

_UUIDS: dict[str, Any] = {"type": "array", "items": UUID, "uniqueItems": True}

update: dict[str, Any] = _UUIDS

update_v1_19: dict[str, Any] = {
    "type": "object",
    "properties": {"aggregates": _UUIDS, "resource_provider_generation": GENERATION},
    "required": ["aggregates", "resource_provider_generation"],
    "additionalProperties": False,
}
