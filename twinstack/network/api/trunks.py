"""Trunks: the HTTP routes and thin handlers; the domain is ``manager/trunks.py``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base
from twinstack.network.manager.trunks import TRUNKS, _check_subports, subports_for


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
            _check_subports(conn, row, body["sub_ports"], req.context)
        else:
            items = body["sub_ports"] if isinstance(body["sub_ports"], list) else None
            if items is None or not all(isinstance(i, dict) and isinstance(i.get("port_id"), str) for i in items):
                raise E.bad("Invalid input for sub_ports.", "HTTPBadRequest")
            for item in items:
                gone = conn.execute(t.subports.delete().where(t.subports.c.trunk_id == row["id"],
                                                              t.subports.c.port_id == item["port_id"]))
                if not gone.rowcount:
                    raise E.not_found("SubPort", item["port_id"], f"SubPort {item['port_id']} could not be found.")
        base.bump(req.cloud, conn, t.trunks, row["id"])
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
