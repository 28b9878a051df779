"""``POST /resource_providers`` and ``PUT /resource_providers/{uuid}``; a parent from 1.14."""

from __future__ import annotations

from typing import Any

from twinstack.placement.schemas.common import UUID

_NAME = {"type": "string", "maxLength": 200}
_PARENT = {"anyOf": [UUID, {"type": "null"}]}


def _provider(*, create: bool, parent: bool) -> dict[str, Any]:
    props: dict[str, Any] = {"name": _NAME}
    if create:
        props["uuid"] = UUID
    if parent:
        props["parent_provider_uuid"] = _PARENT
    return {"type": "object", "properties": props, "required": ["name"], "additionalProperties": False}


create = _provider(create=True, parent=False)
create_v1_14 = _provider(create=True, parent=True)
update = _provider(create=False, parent=False)
update_v1_14 = _provider(create=False, parent=True)
