"""``/servers``: create (one or many), list and detail with Nova's filters, sort and keyset
pagination, show, update, delete. Actions live in server_actions.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from twinstack.compute import views
from twinstack.compute.manager import api as capi
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager import search
from twinstack.compute.manager.context import RequestContext
from twinstack.compute.schemas import servers as schemas
from twinstack.core.convert import to_bool
from twinstack.core.pagination import next_link, parse_limit
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate


# -- create ---------------------------------------------------------------------------------------
async def create(req: Req) -> Any:
    body = validate(await req.json(), schemas.create_schema(req.version))
    server = body["server"]
    if not req.at_least(2, 19):
        # before descriptions could be given, Nova stores the name as the description (servers.py create),
        # which a later 2.19+ read shows
        server = {**server, "description": server["name"]}
    hints = body.get("os:scheduler_hints") or body.get("OS-SCH-HNT:scheduler_hints") or {}
    ctx = RequestContext.from_req(req)
    ctx.can("os_compute_api:servers:create", {"project_id": ctx.project_id, "user_id": ctx.user_id})
    created = await capi.create(ctx, server, hints)
    if to_bool(server.get("return_reservation_id", False)):
        return json_response({"reservation_id": created.reservation_id}, 202)
    first = created.instances[0]
    out: dict[str, Any] = {"id": first["uuid"], "links": views.links(req, "servers", first["uuid"]),
                           "OS-DCF:diskConfig": created.disk_config,
                           "security_groups": [{"name": g} for g in created.security_groups]}
    out["adminPass"] = server.get("adminPass") or capi.admin_password()
    return json_response({"server": out}, 202, {"Location": out["links"][0]["href"]})


# -- list --------------------------------------------------------------------------------------
MAX_LIMIT = 1000  # Nova's [api]max_limit
async def _list(req: Req, detail: bool) -> Any:
    req.authorize(f"os_compute_api:servers:{'detail' if detail else 'index'}", {"project_id": req.context.project_id})
    with req.cloud.store.read() as conn:
        rows, more = search.get_all(RequestContext.from_req(req), conn, req.query, detail)
        page = views.PageContext(req, conn, rows) if detail else None
    key = "servers"
    body: dict[str, Any] = {key: [views.detail(req, r, page) if page else views.summary(req, r) for r in rows]}
    limit = parse_limit(req.query.get("limit"))
    # Nova's _get_collection_links: a next link whenever the page is full, whether or not more follow
    if rows and (more or len(rows) in (limit, MAX_LIMIT)):
        versioned, _ = views.roots(req)
        path = "servers/detail" if detail else "servers"
        body["servers_links"] = [
            {"rel": "next", "href": next_link(f"{versioned}/{path}", req.query, rows[-1]["uuid"], limit)}
        ]
    return body


async def index(req: Req) -> Any:
    return await _list(req, False)


async def detail(req: Req) -> Any:
    return await _list(req, True)


# -- one server ---------------------------------------------------------------------------------
def show_body(req: Req, conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
    return views.detail(req, row, views.PageContext(req, conn, [row]), show=True)


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get_to_view(conn, req.params["server_id"], req.context)
        req.authorize("os_compute_api:servers:show", {"project_id": row["project_id"]})
        return {"server": show_body(req, conn, row)}


async def update(req: Req) -> Any:
    body = validate(await req.json(), schemas.update_schema(req.version))["server"]

    def render(conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
        server = show_body(req, conn, row)
        return server if req.at_least(2, 75) else views.reduced(server)

    return {"server": capi.update(RequestContext.from_req(req), req.params["server_id"], body, render)}


async def delete(req: Req) -> Any:
    await capi.delete(RequestContext.from_req(req), req.params["server_id"])
    return empty(204)
