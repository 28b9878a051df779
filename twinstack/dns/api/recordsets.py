"""``/v2/zones/{zone_id}/recordsets`` and ``/v2/recordsets`` (every zone's). Records are checked per type
(manager/records.py), names against the zone (manager/names.py); each change bumps the zone's serial."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from twinstack.core.pipeline import Req, json_response
from twinstack.dns import errors, manager, schemas, views
from twinstack.dns import tables as t
from twinstack.dns.api import common
from twinstack.dns.manager import names, records

FILTERS = ("name", "type", "ttl", "status", "description", "zone_id")
SORT_KEYS = ("created_at", "id", "updated_at", "zone_id", "tenant_id", "name", "type", "ttl")


async def create(req: Req) -> Any:
    spec = await common.body(req, schemas.recordset_create)
    with req.cloud.store.begin() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
        common.authorize(req, "create_recordset", zone["project_id"], zone_type=zone["type"])
        if zone["action"] == "DELETE":
            raise errors.bad_action("Can not update a deleting zone")
        name = names.recordset_name(spec["name"], zone["name"])
        kind = spec["type"].upper()
        values = records.check(kind, spec["records"])
        row = manager.add_recordset(req.cloud, conn, zone, name, kind, values, spec.get("ttl"),
                                    spec.get("description"))
    body = views.recordset(req, row, zone["name"])
    manager.settle_later(req.cloud, zone["id"])
    return json_response(body, 202, headers={"Location": body["links"]["self"]})


def _index(req: Req, zone_id: str | None) -> Any:
    owner = common.scope(req)
    with req.cloud.store.read() as conn:
        zone_names = {}
        if zone_id is not None:
            zone = manager.get_zone(conn, zone_id, owner)
            common.authorize(req, "get_recordsets", zone["project_id"])
            zone_names[zone["id"]] = zone["name"]
        else:
            common.authorize(req, "find_recordsets", owner)
        query = sa.select(t.recordsets)
        if zone_id is not None:
            query = query.where(t.recordsets.c.zone_id == zone_id)
        if owner is not None:
            query = query.where(t.recordsets.c.project_id == owner)
        data = req.raw.query_params.get("data")
        if data is not None:
            query = query.where(_with_record(data))
        zones = {r.id: r.name for r in conn.execute(sa.select(t.zones.c.id, t.zones.c.name))}
        zone_names.update(zones)
        path = f"zones/{zone_id}/recordsets" if zone_id is not None else "recordsets"
        page = common.listing(req, conn, t.recordsets, query, path, FILTERS, SORT_KEYS,
                              lambda row: views.recordset(req, row, zone_names.get(row["zone_id"], "")))
    return json_response(page)


async def index(req: Req) -> Any:
    return _index(req, req.params["zone_id"])


async def index_all(req: Req) -> Any:
    return _index(req, None)


def _with_record(data: str) -> Any:
    """Designate's ``data`` filter: a recordset with a record equal to ``data`` (``*`` a wildcard). The
    records are one JSON list per row: the pattern is a JSON string inside it, written as json writes it."""
    literal = [json.dumps(part, ensure_ascii=False)[1:-1].replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
               for part in data.split("*")]
    return sa.cast(t.recordsets.c.records, sa.Text).like(f'%"{"%".join(literal)}"%', escape="\\")


async def show_any(req: Req) -> Any:
    """``GET /v2/recordsets/{id}``: Designate answers 301 to the recordset under its zone."""
    with req.cloud.store.read() as conn:
        row = manager.get_recordset(conn, None, req.params["recordset_id"], common.scope(req))
    common.authorize(req, "get_recordset", row["project_id"])
    location = f"{req.base_url()}/v2/zones/{row['zone_id']}/recordsets/{row['id']}"
    body = {"code": "301 Moved Permanently", "title": "Moved Permanently",  # webob's JSON body, as pecan sends it
            "message": f"The resource has been moved to {location}; you should be redirected automatically.\n\n"}
    return json_response(body, 301, headers={"Location": location})


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
        row = manager.get_recordset(conn, zone["id"], req.params["recordset_id"], None)
    common.authorize(req, "get_recordset", zone["project_id"])
    return json_response(views.recordset(req, row, zone["name"]))


async def update(req: Req) -> Any:
    """Designate's put_one: the body read as JSON, the recordset fetched, the managed ones refused (SOA, the
    zone's own NS, whatever the body), and only then the body checked against the schema."""
    await req.json()
    with req.cloud.store.read() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
        row = manager.get_recordset(conn, zone["id"], req.params["recordset_id"], None)
    if row["managed"] and not _edit_managed(req, zone):
        raise errors.bad_request("Managed records may not be updated")
    if row["type"] == "SOA":
        raise errors.bad_request("Updating SOA recordsets is not allowed")
    if row["type"] == "NS" and row["name"] == zone["name"]:
        raise errors.bad_request("Updating a root zone NS record is not allowed")
    spec = await common.body(req, schemas.recordset_update)
    with req.cloud.store.begin() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
        row = manager.get_recordset(conn, zone["id"], req.params["recordset_id"], None)
        common.authorize(req, "update_recordset", zone["project_id"], zone_type=zone["type"])
        for field in ("name", "type"):
            given = spec.pop(field, None)
            if given is not None and given.lower() != row[field].lower():
                raise errors.invalid_object(f"Provided object does not match schema: {field} is immutable")
        if "records" in spec:
            spec["records"] = records.check(row["type"], spec["records"])
        row = manager.update_recordset(req.cloud, conn, zone, row, spec)
    manager.settle_later(req.cloud, zone["id"])
    return json_response(views.recordset(req, row, zone["name"]), 202)


async def delete(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
        row = manager.get_recordset(conn, zone["id"], req.params["recordset_id"], None)
        common.authorize(req, "delete_recordset", zone["project_id"], zone_type=zone["type"])
        _edit_managed(req, zone)
        if row["managed"]:
            raise errors.bad_request("Managed records may not be deleted")
        row = manager.remove_recordset(req.cloud, conn, zone, row)
    manager.settle_later(req.cloud, zone["id"])
    return json_response(views.recordset(req, row, zone["name"]), 202)


def _edit_managed(req: Req, zone: dict[str, Any]) -> bool:
    """``X-Designate-Edit-Managed-Records: true``, the admin's only (403 for anyone else)."""
    if (req.raw.headers.get("x-designate-edit-managed-records") or "").lower() != "true":
        return False
    req.authorize("edit_managed_records", {"project_id": zone["project_id"]})
    return True
