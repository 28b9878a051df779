"""Trunks: the HTTP routes and thin handlers; the domain is ``manager/trunks.py``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.network import errors as E
from twinstack.network.manager import base
from twinstack.network.manager.trunks import TRUNKS, attach_subports, detach_subports, subports_for, touch


async def add_subports(req: Req) -> Any:
    return await _subports(req, add=True)


async def remove_subports(req: Req) -> Any:
    return await _subports(req, add=False)


async def _subports(req: Req, add: bool) -> Any:
    body = await req.json()
    if not isinstance(body, dict) or "sub_ports" not in body:
        raise E.bad("Failed to parse request. Required attribute 'sub_ports' not specified", "HTTPBadRequest")
    with req.cloud.store.begin() as conn:
        row = base.get_visible(conn, TRUNKS, req.params["id"], req.context)
        base.authorize_owner(req.cloud, req.context, "update_trunk", row)
        if add:
            attach_subports(conn, row, body["sub_ports"], req.context)
        else:
            detach_subports(conn, row, body["sub_ports"])
        touch(req.cloud, conn, row)
        return base.view_for(TRUNKS, base.show_one(req.cloud, conn, TRUNKS, row["id"], None), req.context)


async def get_subports(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = base.get_visible(conn, TRUNKS, req.params["id"], req.context)
        return {"sub_ports": subports_for(conn, [row["id"]])[row["id"]]}


ROUTES = base.crud_routes(TRUNKS) + [
    ("/v2.0/trunks/{id}/add_subports", {"PUT": add_subports}),
    ("/v2.0/trunks/{id}/remove_subports", {"PUT": remove_subports}),
    ("/v2.0/trunks/{id}/get_subports", {"GET": get_subports}),
]
