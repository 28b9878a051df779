"""``/v2/zones``: PRIMARY and SECONDARY zones. A create or change answers 202 with the zone PENDING; the lifecycle
settles it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.pipeline import Req, empty, json_response
from twinstack.dns import errors, manager, schemas, views
from twinstack.dns import tables as t
from twinstack.dns.api import common
from twinstack.dns.manager import names, rules, secondary

FILTERS = ("name", "email", "status", "type", "ttl", "description")
SORT_KEYS = ("created_at", "id", "updated_at", "name", "tenant_id", "serial", "ttl", "status")


async def create(req: Req) -> Any:
    spec = secondary.check_create(await common.body(req, schemas.zone_create))
    spec["name"] = names.zone_name(spec["name"])
    if "@" not in spec["email"]:
        raise errors.invalid_object("Provided object does not match schema: email is not a valid email address")
    project_id = req.context.project_id or ""
    common.authorize(req, "create_zone", project_id)
    with req.cloud.store.begin() as conn:
        rules.check_zone_name(conn, spec["name"], req.cloud.policy.allowed(
            "use_blacklisted_zone", {"project_id": project_id}, req.context))
        zone = manager.create_zone(req.cloud, conn, project_id, spec)
    body = views.zone(req, zone)
    manager.settle_later(req.cloud, zone["id"])
    return json_response(body, 202, headers={"Location": body["links"]["self"]})


async def index(req: Req) -> Any:
    owner = common.scope(req)
    common.authorize(req, "get_zones", owner)
    query = sa.select(t.zones)
    if owner is not None:  # a project sees its zones and those shared with it
        query = query.where(sa.or_(t.zones.c.project_id == owner, t.zones.c.id.in_(manager.shared_with(owner))))
    with req.cloud.store.read() as conn:
        page = common.listing(req, conn, t.zones, query, "zones", FILTERS, SORT_KEYS,
                              lambda row: views.zone(req, {**row, "shared": manager.is_shared(conn, row["id"])}))
    return json_response(page)


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req), shared=True)
        zone["shared"] = manager.is_shared(conn, zone["id"])
    if zone["project_id"] == req.context.project_id or not zone["shared"]:
        common.authorize(req, "get_zone", zone["project_id"])
    return json_response(views.zone(req, zone))


async def update(req: Req) -> Any:
    spec = await common.body(req, schemas.zone_update)
    with req.cloud.store.begin() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req), shared=True)
        common.authorize(req, "update_zone", zone["project_id"])
        spec = secondary.check_update(zone, spec)
        if "email" in spec and "@" not in spec["email"]:
            raise errors.invalid_object("Provided object does not match schema: email is not a valid email address")
        if "ttl" in spec and spec["ttl"] is None:
            spec.pop("ttl")
        zone = manager.touch_zone(req.cloud, conn, zone, spec)
    manager.settle_later(req.cloud, zone["id"])
    return json_response(views.zone(req, zone), 202)


async def delete(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req), shared=True)
        common.authorize(req, "delete_zone", zone["project_id"])
        wanted = (req.raw.headers.get("x-designate-delete-shares") or "").lower() == "true"
        zone = manager.delete_zone(req.cloud, conn, zone, delete_shares=wanted)
    body = views.zone(req, zone)
    manager.settle_later(req.cloud, zone["id"])
    return json_response(body, 202)


async def transfer(req: Req) -> Any:
    """``POST /v2/zones/{id}/tasks/xfr``: ask a SECONDARY zone's masters for a newer serial (none here)."""
    with req.cloud.store.read() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
    common.authorize(req, "xfr_zone", zone["project_id"])
    secondary.check_transfer(zone)
    return empty(202)


async def nameservers(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
    common.authorize(req, "get_zone_ns_servers", zone["project_id"])
    return json_response({"nameservers": [{"hostname": ns, "priority": 1} for ns in manager.NS_RECORDS]})


async def abandon(req: Req) -> Any:
    """Forget a zone without asking the DNS servers to drop it (admin only): gone at once, 204."""
    with req.cloud.store.begin() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
        common.authorize(req, "abandon_zone", zone["project_id"])
        conn.execute(t.recordsets.delete().where(t.recordsets.c.zone_id == zone["id"]))
        conn.execute(t.zones.delete().where(t.zones.c.id == zone["id"]))
    return empty(204)
