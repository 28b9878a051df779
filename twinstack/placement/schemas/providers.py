"""Resource providers: their fields and list filters by microversion, and the bodies of
``POST /resource_providers`` and ``PUT /resource_providers/{uuid}``; a parent from 1.14."""

from __future__ import annotations

from typing import Any

from twinstack.core.resource import Attr
from twinstack.placement.schemas.common import UUID

ATTRIBUTES: list[Attr] = [
    Attr("uuid", filter=True),
    Attr("name", filter=True),
    Attr("generation"),
    Attr("links", column=None),
    Attr("parent_provider_uuid", column=None, min_version=(1, 14)),
    Attr("root_provider_uuid", column=None, min_version=(1, 14)),
    # filters only: api/providers.py reads them (a query language the candidates' SQL shares)
    Attr("member_of", column=None, visible=False, filter=True, min_version=(1, 3)),
    Attr("resources", column=None, visible=False, filter=True, min_version=(1, 4)),
    Attr("in_tree", column=None, visible=False, filter=True, min_version=(1, 14)),
    Attr("required", column=None, visible=False, filter=True, min_version=(1, 18)),
]

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
