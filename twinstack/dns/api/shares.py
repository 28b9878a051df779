"""Shared zones (API 2.1, ``/v2/zones/{zone_id}/shares``): the owner shares a zone with another project,
which then sees it; a zone with shares is deleted only with ``x-designate-delete-shares: true``."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.dns import errors, manager
from twinstack.dns import tables as t
from twinstack.dns.api import common

SCHEMA: dict[str, Any] = {"type": "object", "required": ["target_project_id"],
                          "properties": {"target_project_id": {"type": "string", "minLength": 1, "maxLength": 64}}}


def _view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    zone_url = f"{req.base_url()}/v2/zones/{row['zone_id']}"
    return {"id": row["id"], "zone_id": row["zone_id"], "project_id": row["project_id"],
            "target_project_id": row["target_project_id"], "created_at": row["created_at"],
            "updated_at": row["updated_at"], "links": {"self": f"{zone_url}/shares/{row['id']}", "zone": zone_url}}


async def create(req: Req) -> Any:
    spec = await common.body(req, SCHEMA)
    with req.cloud.store.begin() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req), shared=True)
        common.authorize(req, "share_zone", zone["project_id"])
        if spec["target_project_id"] == zone["project_id"]:
            raise errors.bad_request("Cannot share the zone with the zone owner.")
        c = t.shared_zones.c
        if conn.execute(sa.select(c.id).where(c.zone_id == zone["id"],
                                              c.target_project_id == spec["target_project_id"])).first():
            raise errors.duplicate("shared_zone", "SharedZone")
        # central's share_zone: the share is the sharing project's (the admin's own, or the sudo project)
        row = {"id": uuid_str(), "zone_id": zone["id"], "project_id": req.context.project_id or zone["project_id"],
               "target_project_id": spec["target_project_id"], "created_at": manager.now(req.cloud),
               "updated_at": None}
        conn.execute(t.shared_zones.insert().values(**row))
    return json_response(_view(req, row), 201)


async def index(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
        common.authorize(req, "find_zone_shares", zone["project_id"])
        query = sa.select(t.shared_zones).where(t.shared_zones.c.zone_id == zone["id"])
        page = common.listing(req, conn, t.shared_zones, query, f"zones/{zone['id']}/shares",
                              ("target_project_id",), ("created_at", "id", "updated_at"),
                              lambda row: _view(req, row), key="shared_zones")
    return json_response(page)


def _find(req: Req, conn: Any) -> dict[str, Any]:
    zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
    row = conn.execute(sa.select(t.shared_zones).where(t.shared_zones.c.zone_id == zone["id"],
                                                       t.shared_zones.c.id == req.params["share_id"])
                       ).mappings().first()
    if row is None:
        raise errors.not_found("shared_zone", "SharedZone")
    return dict(row)


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _find(req, conn)
    common.authorize(req, "get_zone_share", row["project_id"])
    return json_response(_view(req, row))


async def delete(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _find(req, conn)
        common.authorize(req, "unshare_zone", row["project_id"])
        conn.execute(t.shared_zones.delete().where(t.shared_zones.c.id == row["id"]))
    return empty(204)
