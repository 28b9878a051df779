"""Address groups: the CRUD routes and the two address actions; the domain is ``manager/address_groups.py``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.network.manager import base
from twinstack.network.manager.address_groups import ADDRESS_GROUPS, change_addresses


async def add_addresses(req: Req) -> Any:
    return await _change(req, add=True)


async def remove_addresses(req: Req) -> Any:
    return await _change(req, add=False)


async def _change(req: Req, add: bool) -> Any:
    body = await req.json()
    with req.cloud.store.begin() as conn:
        row = base.get_visible(conn, ADDRESS_GROUPS, req.params["id"], req.context)
        base.authorize_owner(req.cloud, req.context, "add_addresses" if add else "remove_addresses", row)
        change_addresses(req.cloud, conn, row, body, add)
        out = base.show_one(req.cloud, conn, ADDRESS_GROUPS, row["id"], None)
    return {"address_group": base.view_for(ADDRESS_GROUPS, out, req.context)}


ROUTES = [
    *base.crud_routes(ADDRESS_GROUPS),
    ("/v2.0/address-groups/{id}/add_addresses", {"PUT": add_addresses}),
    ("/v2.0/address-groups/{id}/remove_addresses", {"PUT": remove_addresses}),
]
