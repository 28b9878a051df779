"""``/servers``: create (one or many), list and detail with Nova's filters, sort and keyset
pagination, show, update, delete. Actions live in server_actions.py."""

from __future__ import annotations

import functools
import re
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t, views
from twinstack.compute.manager import api as capi, instances as inst, states as s
from twinstack.compute.manager.context import RequestContext
from twinstack.compute.schemas import servers as schemas
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pagination import paginate, parse_limit
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate

SORT_KEYS = {"access_ip_v4", "access_ip_v6", "auto_disk_config", "availability_zone", "config_drive",
             "created_at", "display_description", "display_name", "host", "hostname", "image_ref",
             "key_name", "launch_index", "launched_at", "locked", "locked_by", "node", "power_state",
             "progress", "project_id", "task_state", "terminated_at", "updated_at", "user_id", "uuid", "vm_state"}
SORT_ALIASES = {"name": "display_name", "id": "uuid", "created": "created_at", "updated": "updated_at"}


# -- create ---------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _create_schema(version: Any) -> dict[str, Any]:
    """The create schema of a microversion, built once (a deep copy and a few edits per request before):
    the same object each time, so validation finds its validator without serialising it again."""
    return schemas.create_schema(version)


async def create(req: Req) -> Any:
    body = validate(await req.json(), _create_schema(req.version))
    server = body["server"]
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
def _parse_time(value: str, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, f"Invalid input for query parameters {name}. Value: {value}. "
                       f"'{value}' is not a 'date-time'") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


# the query parameters Nova's list schema knows (nova/api/openstack/compute/schemas/servers.py)
KNOWN_QUERY = {
    "all_tenants", "tenant_id", "project_id", "user_id", "name", "status", "image", "flavor", "host", "node",
    "hostname", "ip", "ip6", "changes-since", "changes-before", "reservation_id", "launch_index", "key_name",
    "availability_zone", "vm_state", "task_state", "power_state", "locked", "config_drive", "access_ip_v4",
    "access_ip_v6", "auto_disk_config", "progress", "sort_key", "sort_dir", "limit", "marker", "deleted",
    "tags", "tags-any", "not-tags", "not-tags-any", "created_at", "launched_at", "terminated_at", "uuid",
    "description", "display_name", "display_description", "locked_by", "block_device_mapping", "kernel_id",
    "ramdisk_id", "root_device_name", "instance_type_id", "image_ref", "vm_mode", "metadata",
    "default_swap_device", "default_ephemeral_device", "system_metadata", "info_cache", "security_groups",
    "pci_devices", "soft_deleted", "architecture", "cell_name", "cleaned", "launched_on", "os_type", "shutdown_terminate",
    "disable_terminate", "terminated_at", "updated_at", "created_at", "key_data", "user_data", "fields",
}


def _filters(req: Req, conn: Connection, detail: bool) -> tuple[list[Any], bool]:
    q = req.query
    if req.at_least(2, 75):
        unknown = sorted(k for k in q.keys() if k not in KNOWN_QUERY)
        if unknown:
            raise ApiError(400, "Invalid input for query parameters " + unknown[0] +
                           ". Value: " + q[unknown[0]] + ". Additional properties are not allowed")
    ctx = req.context
    i = t.instances
    where: list[Any] = []
    all_tenants = "all_tenants" in q and (q.get("all_tenants") == "" or to_bool(q.get("all_tenants")))
    if all_tenants:
        req.authorize(f"os_compute_api:servers:{'detail' if detail else 'index'}:get_all_tenants",
                      {"project_id": ctx.project_id})
        project = q.get("project_id") or q.get("tenant_id")
        if project:
            where.append(i.c.project_id == project)
    else:
        where.append(i.c.project_id == ctx.project_id)
    admin = req.cloud.policy.allowed("os_compute_api:servers:allow_all_filters", {"project_id": ctx.project_id}, ctx)
    include_deleted = False
    if q.get("changes-since"):
        where.append(i.c.updated_at >= _parse_time(q["changes-since"], "changes-since"))
        include_deleted = True
    if q.get("changes-before") and req.at_least(2, 66):
        where.append(i.c.updated_at <= _parse_time(q["changes-before"], "changes-before"))
        include_deleted = True
    if admin and q.get("deleted") is not None:
        include_deleted = to_bool(q["deleted"])
        if include_deleted:
            where.append(i.c.deleted.is_(True))
    statuses = q.getlist("status")
    if statuses:
        vm_states: list[str] = []
        for status in statuses:
            up = status.upper()
            if up not in s.STATUS_TO_VM_STATES:
                if req.at_least(2, 38):
                    raise ApiError(400, "Invalid status value")
                return [sa.false()], False
            vm_states += s.STATUS_TO_VM_STATES[up]
            if up == "DELETED":
                include_deleted = True
        where.append(i.c.vm_state.in_(vm_states))
    if not include_deleted:
        where.append(i.c.deleted == sa.false())  # "=", not "IS": SQLite serves only "=" from an index
    simple = {"image": i.c.image_ref, "reservation_id": i.c.reservation_id, "key_name": i.c.key_name,
              "availability_zone": i.c.availability_zone, "vm_state": i.c.vm_state, "task_state": i.c.task_state}
    if admin:
        simple.update({"host": i.c.host, "node": i.c.node, "hostname": i.c.hostname, "user_id": i.c.user_id,
                       "launch_index": i.c.launch_index})
    elif req.at_least(2, 83):
        simple.update({"user_id": i.c.user_id})
    for key, col in simple.items():
        if q.get(key) is not None:
            value = q[key].rstrip("/").rsplit("/", 1)[-1] if key == "image" else q[key]
            where.append(col == value)
    if q.get("flavor"):
        flavor_id = q["flavor"].rstrip("/").rsplit("/", 1)[-1]
        ids = [u for u, f in conn.execute(sa.select(i.c.uuid, i.c.flavor).where(*where)) if str(f.get("id")) == flavor_id]
        where.append(i.c.uuid.in_(ids))
    if q.get("locked") is not None and req.at_least(2, 73):
        where.append(i.c.locked.is_(to_bool(q["locked"])))
    if q.get("power_state") is not None:
        where.append(i.c.power_state == int(q["power_state"]) if q["power_state"].isdigit() else sa.false())
    if q.get("name"):
        try:
            pattern = re.compile(q["name"])
        except re.error:
            pattern = re.compile(re.escape(q["name"]))
        ids = [u for u, n in conn.execute(sa.select(i.c.uuid, i.c.display_name).where(*where)) if pattern.search(n)]
        where.append(i.c.uuid.in_(ids))
    if q.get("ip") or q.get("ip6"):
        where.append(i.c.uuid.in_(_by_ip(req, conn, where, q.get("ip") or q.get("ip6"))))
    tag_filters = {k: [x for x in q[k].split(",") if x] for k in ("tags", "tags-any", "not-tags", "not-tags-any")
                   if q.get(k)}
    if tag_filters and req.at_least(2, 26):
        where.append(i.c.uuid.in_(_by_tags(conn, where, tag_filters)))
    return where, include_deleted


def _by_ip(req: Req, conn: Connection, where: list[Any], pattern_text: str) -> list[str]:
    rows = [dict(r) for r in conn.execute(sa.select(t.instances.c.uuid, t.instances.c.vm_state,
                                                    t.instances.c.addresses).where(*where)).mappings()]
    found = views._addresses(req, conn, rows)
    try:
        pattern = re.compile(pattern_text)
    except re.error:
        pattern = re.compile(re.escape(pattern_text))
    return [u for u, nets in found.items() if any(pattern.search(a.get("addr", "")) for addrs in nets.values() for a in addrs)]


def _by_tags(conn: Connection, where: list[Any], f: dict[str, list[str]]) -> list[str]:
    out = []
    for uuid, tags in conn.execute(sa.select(t.instances.c.uuid, t.instances.c.tags).where(*where)):
        have = set(tags or [])
        if "tags" in f and not set(f["tags"]) <= have:
            continue
        if "tags-any" in f and not set(f["tags-any"]) & have:
            continue
        if "not-tags" in f and set(f["not-tags"]) <= have:
            continue
        if "not-tags-any" in f and set(f["not-tags-any"]) & have:
            continue
        out.append(uuid)
    return out


def _sort(req: Req) -> list[tuple[str, str]]:
    keys = req.query.getlist("sort_key")
    dirs = req.query.getlist("sort_dir")
    if not keys:
        return [("created_at", dirs[0] if dirs else "desc"), ("id", dirs[0] if dirs else "desc")]
    out = []
    for n, key in enumerate(keys):
        key = SORT_ALIASES.get(key, key)
        direction = dirs[n] if n < len(dirs) else "desc"
        if direction not in ("asc", "desc"):
            raise ApiError(400, f"Invalid input for query parameters sort_dir. Value: {direction}.")
        if key not in SORT_KEYS:
            raise ApiError(400, f"Invalid input for query parameters sort_key. Value: {key}.")
        out.append((key, direction))
    out.append(("id", out[-1][1]))
    return out


def _page(req: Req, conn: Connection, detail: bool) -> tuple[list[dict[str, Any]], bool]:
    where, _ = _filters(req, conn, detail)
    page = paginate(conn, t.instances, sa.select(t.instances).where(*where), _sort(req),
                    req.query.get("marker"), parse_limit(req.query.get("limit")), marker_column="uuid")
    return page.rows, page.more


async def _list(req: Req, detail: bool) -> Any:
    req.authorize(f"os_compute_api:servers:{'detail' if detail else 'index'}", {"project_id": req.context.project_id})
    with req.cloud.store.read() as conn:
        rows, more = _page(req, conn, detail)
        page = views.PageContext(req, conn, rows) if detail else None
    key = "servers"
    body: dict[str, Any] = {key: [views.detail(req, r, page) if page else views.summary(req, r) for r in rows]}
    if more and rows:
        from twinstack.core.pagination import next_link
        versioned, _ = views.roots(req)
        path = "servers/detail" if detail else "servers"
        limit = parse_limit(req.query.get("limit"))
        body["servers_links"] = [{"rel": "next", "href": next_link(f"{versioned}/{path}", req.query, rows[-1]["uuid"], limit)}]
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
        row = inst.get(conn, req.params["server_id"], req.context)
        req.authorize("os_compute_api:servers:show", {"project_id": row["project_id"]})
        return {"server": show_body(req, conn, row)}


async def update(req: Req) -> Any:
    body = validate(await req.json(), schemas.update_schema(req.version))["server"]
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
        req.authorize("os_compute_api:servers:update", {"project_id": row["project_id"]})
        values: dict[str, Any] = {}
        if "name" in body:
            values["display_name"] = body["name"]
        if "description" in body:
            values["display_description"] = body["description"]
        if "accessIPv4" in body:
            values["access_ip_v4"] = body["accessIPv4"]
        if "accessIPv6" in body:
            values["access_ip_v6"] = capi.compact_ipv6(body["accessIPv6"])
        if "hostname" in body:
            values["hostname"] = body["hostname"]
        if "OS-DCF:diskConfig" in body:
            values["system_metadata"] = {**(row["system_metadata"] or {}), "disk_config": body["OS-DCF:diskConfig"]}
        if values:
            values["updated_at"] = req.cloud.clock.now()
            conn.execute(t.instances.update().where(t.instances.c.uuid == row["uuid"]).values(**values))
            row.update(values)
        body = show_body(req, conn, row)
        return {"server": body if req.at_least(2, 75) else views.reduced(body)}


async def delete(req: Req) -> Any:
    await capi.delete(RequestContext.from_req(req), req.params["server_id"])
    return empty(204)
