"""Routers: the HTTP routes and thin handlers; the domain is ``manager/routers.py``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.network import errors as E
from twinstack.network.manager import base
from twinstack.network.manager.routers import (
    ROUTERS,
    add_interface,
    change_extraroutes,
    remove_interface,
)
from twinstack.network.schemas.routers import convert_routes


# -- action handlers ----------------------------------------------------------------------------------
async def add_router_interface(req: Req) -> Any:
    return await _action(req, add_interface)


async def remove_router_interface(req: Req) -> Any:
    return await _action(req, remove_interface)


async def _action(req: Req, fn: Any) -> Any:
    body = await req.json()
    with req.cloud.store.begin() as conn:
        row = base.get_visible(conn, ROUTERS, req.params["id"], req.context)
        base.authorize_owner(req.cloud, req.context, "update_router", row)
        with conn.begin_nested():
            return fn(req.cloud, conn, row, body, req.context)


async def add_extraroutes(req: Req) -> Any:
    return await _extraroutes(req, add=True)


async def remove_extraroutes(req: Req) -> Any:
    return await _extraroutes(req, add=False)


async def _extraroutes(req: Req, add: bool) -> Any:
    body = await req.json()
    if not isinstance(body, dict) or not isinstance(body.get("router"), dict) or "routes" not in body["router"]:
        raise E.bad("Failed to parse request. Required attribute 'routes' not specified", "HTTPBadRequest")
    try:
        routes = convert_routes(body["router"]["routes"])
    except ValueError as exc:
        raise E.bad(f"Invalid input for routes. Reason: {exc}.", "HTTPBadRequest") from None
    with req.cloud.store.begin() as conn:
        row = base.get_visible(conn, ROUTERS, req.params["id"], req.context)
        base.authorize_owner(req.cloud, req.context, "update_router", row)
        change_extraroutes(req.cloud, conn, row, routes, add)
        out = base.show_one(req.cloud, conn, ROUTERS, row["id"], None)
    return {"router": base.view_for(ROUTERS, out, req.context)}


ROUTES = base.crud_routes(ROUTERS) + [
    ("/v2.0/routers/{id}/add_router_interface", {"PUT": add_router_interface}),
    ("/v2.0/routers/{id}/remove_router_interface", {"PUT": remove_router_interface}),
    ("/v2.0/routers/{id}/add_extraroutes", {"PUT": add_extraroutes}),
    ("/v2.0/routers/{id}/remove_extraroutes", {"PUT": remove_extraroutes}),
]
