"""Zone transfers (``/v2/zones/{id}/tasks/transfer_requests``, ``/v2/zones/tasks/transfer_requests``,
``/v2/zones/tasks/transfer_accepts``): the owner offers a zone with a key, to one project or any; the
taker accepts with the key and the zone, with its recordsets, becomes the taker's."""

from __future__ import annotations

import secrets
import string
from typing import Any

import sqlalchemy as sa

from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.dns import errors, manager
from twinstack.dns import tables as t
from twinstack.dns.api import common

REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"target_project_id": {"type": ["string", "null"], "maxLength": 64},
                   "description": {"type": ["string", "null"], "maxLength": 160}},
}
ACCEPT_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["key", "zone_transfer_request_id"],
    "properties": {"key": {"type": "string", "maxLength": 255},
                   "zone_transfer_request_id": {"type": "string", "maxLength": 36}},
}
_KEY_CHARS = string.ascii_uppercase + string.digits  # Designate: 8 characters of these


def _request_view(req: Req, row: dict[str, Any], zone_name: str) -> dict[str, Any]:
    return {"id": row["id"], "zone_id": row["zone_id"], "zone_name": zone_name, "key": row["key"],
            "project_id": row["project_id"], "target_project_id": row["target_project_id"],
            "description": row["description"], "status": row["status"], "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "links": {"self": f"{req.base_url()}/v2/zones/tasks/transfer_requests/{row['id']}"}}


def _accept_view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "zone_id": row["zone_id"], "zone_transfer_request_id": row["transfer_request_id"],
            "key": row["key"], "project_id": row["project_id"], "status": row["status"],
            "created_at": row["created_at"], "updated_at": row["updated_at"],
            "links": {"self": f"{req.base_url()}/v2/zones/tasks/transfer_accepts/{row['id']}",
                      "zone": f"{req.base_url()}/v2/zones/{row['zone_id']}"}}


def _visible(req: Req, query: Any) -> Any:
    """Designate's storage: the giver's requests and those offered to the caller's project (all of them with
    all_projects). An open offer is not listed to others: it is found by its id (show, accept)."""
    if common.scope(req) is None:
        return query
    project = req.context.project_id
    c = t.transfer_requests.c
    return query.where(sa.or_(c.project_id == project, c.target_project_id == project))


def _find_request(req: Req, conn: Any, request_id: str, elevated: bool = False) -> dict[str, Any]:
    """``elevated``: found in every project, as central's show and accept look the request up before the
    policy (or the target) decides who may have it."""
    query = sa.select(t.transfer_requests).where(t.transfer_requests.c.id == request_id)
    if elevated:
        common.all_projects(req)  # the header is still the admin's: 403 for anyone else who sends it
    else:
        query = _visible(req, query)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise errors.not_found("zone_transfer_request", "ZoneTransferRequest")
    return dict(row)


def _zone_name(conn: Any, zone_id: str) -> str:
    return str(conn.execute(sa.select(t.zones.c.name).where(t.zones.c.id == zone_id)).scalar() or "")


async def create_request(req: Req) -> Any:
    data = await req.json(required=False)
    spec = await common.body(req, REQUEST_SCHEMA) if data not in (None, "") else {}
    with req.cloud.store.begin() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
        common.authorize(req, "create_zone_transfer_request", zone["project_id"])
        if spec.get("target_project_id") == zone["project_id"]:
            raise errors.invalid_transfer("Cannot transfer a zone to the project that owns it")
        row = {"id": uuid_str(), "zone_id": zone["id"], "project_id": zone["project_id"],
               "target_project_id": spec.get("target_project_id"), "description": spec.get("description"),
               "key": "".join(secrets.choice(_KEY_CHARS) for _ in range(8)), "status": "ACTIVE",
               "created_at": manager.now(req.cloud), "updated_at": None}
        conn.execute(t.transfer_requests.insert().values(**row))
    return json_response(_request_view(req, row, zone["name"]), 201)


async def index_requests(req: Req) -> Any:
    common.authorize(req, "find_zone_transfer_requests", req.context.project_id)
    with req.cloud.store.read() as conn:
        page = common.listing(req, conn, t.transfer_requests, _visible(req, sa.select(t.transfer_requests)),
                              "zones/tasks/transfer_requests", ("status",), ("created_at", "id", "updated_at"),
                              lambda row: _request_view(req, row, _zone_name(conn, row["zone_id"])))
    return json_response(page)


async def show_request(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _find_request(req, conn, req.params["request_id"], elevated=True)
        name = _zone_name(conn, row["zone_id"])
    req.authorize("get_zone_transfer_request", {"project_id": row["project_id"],
                                                "target_project_id": row["target_project_id"]})
    return json_response(_request_view(req, row, name))


async def update_request(req: Req) -> Any:
    spec = await common.body(req, REQUEST_SCHEMA)
    with req.cloud.store.begin() as conn:
        row = _find_request(req, conn, req.params["request_id"])
        common.authorize(req, "update_zone_transfer_request", row["project_id"])
        row = {**row, **spec, "updated_at": manager.now(req.cloud)}
        conn.execute(t.transfer_requests.update().where(t.transfer_requests.c.id == row["id"]).values(
            target_project_id=row["target_project_id"], description=row["description"],
            updated_at=row["updated_at"]))
        name = _zone_name(conn, row["zone_id"])
    return json_response(_request_view(req, row, name))


async def delete_request(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _find_request(req, conn, req.params["request_id"])
        common.authorize(req, "delete_zone_transfer_request", row["project_id"])
        conn.execute(t.transfer_requests.delete().where(t.transfer_requests.c.id == row["id"]))
    return empty(204)


async def accept(req: Req) -> Any:
    spec = await common.body(req, ACCEPT_SCHEMA)
    taker = req.context.project_id or ""
    common.authorize(req, "create_zone_transfer_accept", taker)
    with req.cloud.store.begin() as conn:
        offer = _find_request(req, conn, spec["zone_transfer_request_id"], elevated=True)
        if offer["target_project_id"] and offer["target_project_id"] != taker:
            raise errors.forbidden("Forbidden")  # central's create_zone_transfer_accept
        if offer["status"] != "ACTIVE":
            raise errors.invalid_transfer("Zone Transfer Request is not active")
        if not secrets.compare_digest(offer["key"], spec["key"]):
            raise errors.invalid_key()
        now = manager.now(req.cloud)
        conn.execute(t.zones.update().where(t.zones.c.id == offer["zone_id"]).values(project_id=taker, updated_at=now))
        conn.execute(t.recordsets.update().where(t.recordsets.c.zone_id == offer["zone_id"]).values(project_id=taker))
        conn.execute(t.transfer_requests.update().where(t.transfer_requests.c.id == offer["id"]).values(
            status="COMPLETE", updated_at=now))
        row = {"id": uuid_str(), "zone_id": offer["zone_id"], "transfer_request_id": offer["id"], "key": spec["key"],
               "project_id": taker, "status": "COMPLETE", "created_at": now, "updated_at": None}
        conn.execute(t.transfer_accepts.insert().values(**row))
    return json_response(_accept_view(req, row), 201)


def _accepts_query(req: Req) -> Any:
    owner = common.scope(req)
    query = sa.select(t.transfer_accepts)
    return query if owner is None else query.where(t.transfer_accepts.c.project_id == owner)


async def index_accepts(req: Req) -> Any:
    common.authorize(req, "find_zone_transfer_accepts", req.context.project_id)
    with req.cloud.store.read() as conn:
        page = common.listing(req, conn, t.transfer_accepts, _accepts_query(req), "zones/tasks/transfer_accepts",
                              ("status",), ("created_at", "id", "updated_at"), lambda row: _accept_view(req, row))
    return json_response(page)


async def show_accept(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = conn.execute(_accepts_query(req).where(t.transfer_accepts.c.id == req.params["accept_id"])
                           ).mappings().first()
    if row is None:
        raise errors.not_found("zone_transfer_accept", "ZoneTransferAccept")
    return json_response(_accept_view(req, dict(row)))
