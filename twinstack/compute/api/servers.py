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
from twinstack.compute.manager import api as capi, instances as inst, states as s, volumes
from twinstack.compute.schemas import servers as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pagination import paginate, parse_limit
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate
from twinstack.compute.manager import quota

TRUE = {"1", "t", "true", "on", "y", "yes"}
SORT_KEYS = {"access_ip_v4", "access_ip_v6", "auto_disk_config", "availability_zone", "config_drive",
             "created_at", "display_description", "display_name", "host", "hostname", "image_ref",
             "key_name", "launch_index", "launched_at", "locked", "locked_by", "node", "power_state",
             "progress", "project_id", "task_state", "terminated_at", "updated_at", "user_id", "uuid", "vm_state"}
SORT_ALIASES = {"name": "display_name", "id": "uuid", "created": "created_at", "updated": "updated_at"}


# -- create ---------------------------------------------------------------------------------------
def _count(value: Any, default: int) -> int:
    if value is None:
        return default
    return int(value)


def _truthy(value: Any) -> bool:
    return str(value).lower() in TRUE


@functools.lru_cache(maxsize=None)
def _create_schema(version: Any) -> dict[str, Any]:
    """The create schema of a microversion, built once (a deep copy and a few edits per request before):
    the same object each time, so validation finds its validator without serialising it again."""
    return schemas.create_schema(version)


async def create(req: Req) -> Any:
    body = validate(await req.json(), _create_schema(req.version))
    server = body["server"]
    hints = body.get("os:scheduler_hints") or body.get("OS-SCH-HNT:scheduler_hints") or {}
    ctx = req.context
    req.authorize("os_compute_api:servers:create", {"project_id": ctx.project_id, "user_id": ctx.user_id})
    min_count = _count(server.get("min_count"), 1)
    max_count = _count(server.get("max_count"), min_count)
    if min_count < 1 or max_count < 1:
        raise ApiError(400, "Invalid input for field/attribute min_count. Value: 0. 0 is less than the minimum of 1")
    if min_count > max_count:
        raise ApiError(400, "min_count must be <= max_count")
    capi.check_user_data(server.get("user_data"))
    now = req.cloud.clock.now()
    rt_request = req.request_id
    with req.cloud.store.begin() as conn:
        flavor = capi.find_flavor(req, conn, server["flavorRef"])
        bdms = server.get("block_device_mapping_v2") or []
        volume_backed = any(str(b.get("boot_index")) == "0" and b.get("destination_type") == "volume" for b in bdms)
        image_ref = str(server.get("imageRef") or "")
        if not image_ref and not volume_backed:
            raise ApiError(400, "Missing imageRef attribute")
        image = capi.find_image(req, conn, image_ref) if image_ref else None
        capi.check_image_fits(image, flavor, volume_backed)
        key_data = None
        if server.get("key_name"):
            key = conn.execute(sa.select(t.keypairs.c.public_key).where(
                t.keypairs.c.user_id == ctx.user_id, t.keypairs.c.name == server["key_name"])).first()
            if key is None:
                raise ApiError(400, "Invalid key_name provided.", "KeypairNotFound")
            key_data = key[0]
        az, requested_host = _placement_request(req, conn, server)
        group_id = _group(req, conn, hints, max_count)
        metadata = server.get("metadata") or {}
        capi.check_quota(conn, ctx.project_id or "", ctx.user_id, {"metadata_items": len(metadata)})
        max_count = _fit_quota(conn, ctx, flavor, min_count, max_count)
        networks = server.get("networks")
        if networks is not None and not isinstance(networks, str):
            networks = [{k: v for k, v in n.items() if k != "tag"} for n in networks]
        security_groups = [g["name"] for g in server.get("security_groups") or []] or ["default"]
        capi.check_networks(req, conn, networks, security_groups)
        block_devices = volumes.requested(req, conn, bdms)
        if len(block_devices) > 0 and max_count > 1 and any(b["source_type"] == "volume" for b in block_devices):
            raise ApiError(400, "Block Device Mapping is Invalid: a volume can be attached to one server only.")
        reservation_id = "r-" + capi.new_uuid()[:8]
        sysmeta = {"image_properties": (image or {}).get("properties") or {}, "requested_az": az,
                   "requested_host": requested_host, "disk_config": server.get("OS-DCF:diskConfig", "AUTO"),
                   "image_min_disk": (image or {}).get("min_disk", 0)}
        rows = []
        for i in range(max_count):
            name = server["name"] if max_count == 1 else f"{server['name']}-{i + 1}"
            hostname = server.get("hostname") or capi.hostname_for(name)
            row = {
                "uuid": capi.new_uuid(), "display_name": name, "display_description": server.get("description"),
                "project_id": ctx.project_id, "user_id": ctx.user_id, "host": None, "node": None,
                "availability_zone": az, "vm_state": s.BUILDING, "task_state": s.SCHEDULING, "power_state": s.NOSTATE,
                "progress": 0, "flavor": flavor, "image_ref": image["id"] if image else (image_ref or None),
                "key_name": server.get("key_name"), "key_data": key_data, "user_data": server.get("user_data"),
                "config_drive": "True" if _truthy(server.get("config_drive", False)) else "",
                "access_ip_v4": server.get("accessIPv4"), "access_ip_v6": capi.compact_ipv6(server.get("accessIPv6")),
                "locked": False, "hostname": hostname, "launch_index": i, "reservation_id": reservation_id,
                "metadata": metadata, "system_metadata": sysmeta, "tags": server.get("tags") or [],
                "addresses": {}, "block_devices": block_devices, "security_groups": security_groups,
                "requested_networks": networks, "scheduler_hints": hints,
                "trusted_certs": server.get("trusted_image_certificates"), "created_at": now, "updated_at": now,
                "deleted": False,
            }
            rows.append(row)
        conn.execute(t.instances.insert(), rows)
        if group_id:
            conn.execute(t.server_group_members.insert(), [{"group_id": group_id, "instance_id": r["uuid"]} for r in rows])
        for row in rows:
            inst.start_action(conn, now, row["uuid"], "create", rt_request, ctx.project_id, ctx.user_id)
    await capi.cast_conductor(req, "build_instances", instance_uuids=[r["uuid"] for r in rows])
    if _truthy(server.get("return_reservation_id", False)):
        return json_response({"reservation_id": reservation_id}, 202)
    first = rows[0]
    out: dict[str, Any] = {"id": first["uuid"], "links": views.links(req, "servers", first["uuid"]),
                           "OS-DCF:diskConfig": sysmeta["disk_config"],
                           "security_groups": [{"name": g} for g in security_groups]}
    out["adminPass"] = server.get("adminPass") or capi.admin_password()
    return json_response({"server": out}, 202, {"Location": out["links"][0]["href"]})


def _placement_request(req: Req, conn: Connection, server: dict[str, Any]) -> tuple[str | None, str | None]:
    """The requested AZ and, for admins, a forced host (``az:host``, or 2.74's host)."""
    az = server.get("availability_zone")
    host = None
    if az and ":" in az:
        az, _, rest = az.partition(":")
        host = rest.split(":")[0] or None
        if host:
            req.authorize("os_compute_api:servers:create:forced_host", {"project_id": req.context.project_id})
        az = az or None
    if server.get("host") or server.get("hypervisor_hostname"):
        req.authorize("os_compute_api:servers:create:requested_destination", {"project_id": req.context.project_id})
        host = server.get("host") or server.get("hypervisor_hostname")
    if host and not capi.host_exists(conn, host):
        raise ApiError(400, f"Compute host {host} could not be found.", "ComputeHostNotFound")
    if az and az not in capi.availability_zones(conn):
        raise ApiError(400, "The requested availability zone is not available", "InvalidRequest")
    return az, host


def _group(req: Req, conn: Connection, hints: dict[str, Any], count: int) -> str | None:
    group_id = hints.get("group")
    if isinstance(group_id, list):
        group_id = group_id[0] if group_id else None
    if not group_id:
        return None
    row = conn.execute(sa.select(t.server_groups.c.id).where(t.server_groups.c.id == group_id)).first()
    if row is None:
        raise ApiError(400, f"Invalid input for field/attribute group. Value: {group_id}. "
                       f"Server group {group_id} could not be found.", "InstanceGroupNotFound")
    capi.check_quota(conn, req.context.project_id or "", req.context.user_id, {"server_group_members": count},
                     group_id=group_id)
    return str(group_id)


def _fit_quota(conn: Connection, ctx: Any, flavor: dict[str, Any], min_count: int, max_count: int) -> int:
    """As many as max_count the quota allows (at least min_count), else Nova's 403."""
    if max_count > min_count:
        fits = quota.allowed_instances(conn, ctx.project_id or "", ctx.user_id, flavor["vcpus"], flavor["ram"], max_count)
        if fits >= min_count:
            return fits
    capi.check_quota(conn, ctx.project_id or "", ctx.user_id,
                     {"instances": min_count, "cores": min_count * flavor["vcpus"], "ram": min_count * flavor["ram"]})
    return min_count


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
    all_tenants = "all_tenants" in q and (q.get("all_tenants") == "" or _truthy(q.get("all_tenants")))
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
        include_deleted = _truthy(q["deleted"])
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
        where.append(i.c.locked.is_(_truthy(q["locked"])))
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
    await _delete(req, req.params["server_id"], force=False)
    return empty(204)


_MARK_DELETING = t.instances.update().where(t.instances.c.uuid == sa.bindparam("b_uuid")).values(
    task_state=s.DELETING, updated_at=sa.bindparam("b_now"))


async def _delete(req: Req, uuid: str, force: bool) -> None:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:servers:delete", {"project_id": row["project_id"]})
        capi.check_locked(req, row)
        if row["task_state"] == s.DELETING:
            return
        conn.execute(_MARK_DELETING, {"b_uuid": uuid, "b_now": req.cloud.clock.now()})
        capi.start(req, conn, row, "delete")
    await capi.cast_conductor(req, "terminate_instance", instance_uuid=uuid)
