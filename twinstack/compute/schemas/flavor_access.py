"""Request bodies of the flavor access actions (Nova's flavor_access schemas)."""

from __future__ import annotations

from typing import Any

from twinstack.compute.schemas.parameter_types import action

_TENANT = {"type": "object", "properties": {"tenant": {"type": "string", "minLength": 1, "maxLength": 255}},
           "required": ["tenant"], "additionalProperties": False}

add_tenant_access: dict[str, Any] = action("addTenantAccess", _TENANT)
remove_tenant_access: dict[str, Any] = action("removeTenantAccess", _TENANT)
