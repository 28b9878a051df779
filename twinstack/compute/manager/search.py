"""The server list's search (Nova's compute API get_all, small): the query parameters Nova knows,
its filters (admin-only ones behind ``allow_all_filters``), sort keys and keyset pagination."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.compute.manager import states as s
from twinstack.compute.manager.context import RequestContext
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pagination import paginate, parse_limit
from twinstack.network import local as network_local


class Query(Protocol):
    """The query string, as Starlette's QueryParams reads it."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[str]: ...

    def keys(self) -> Any: ...

    def __iter__(self) -> Iterator[str]: ...

    def __contains__(self, key: object) -> bool: ...

    def __getitem__(self, key: str) -> str: ...


SORT_KEYS = {"access_ip_v4", "access_ip_v6", "auto_disk_config", "availability_zone", "config_drive",
             "created_at", "display_description", "display_name", "host", "hostname", "image_ref",
             "key_name", "launch_index", "launched_at", "locked", "locked_by", "node", "power_state",
             "progress", "project_id", "task_state", "terminated_at", "updated_at", "user_id", "uuid", "vm_state"}
SORT_ALIASES = {"name": "display_name", "id": "uuid", "created": "created_at", "updated": "updated_at"}


def parse_time(value: str, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, f"Invalid input for query parameters {name}. Value: {value}. "
                       f"'{value}' is not a 'date-time'") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


# Nova's tables keep whole seconds (MySQL DATETIME), so its changes-since/-before compare a row's
# second with the given time; twinstack keeps microseconds and compares as if it did not.
def updated_since(column: Any, when: datetime) -> Any:
    """Nova's ``updated_at >= when`` on whole-second rows: from the first whole second at or after ``when``."""
    whole = when.replace(microsecond=0)
    return column >= (whole if whole == when else whole + timedelta(seconds=1))


def updated_before(column: Any, when: datetime) -> Any:
    """Nova's ``updated_at <= when`` on whole-second rows: up to the end of ``when``'s second."""
    return column < when.replace(microsecond=0) + timedelta(seconds=1)


# the query parameters Nova's list schema knows (nova/api/openstack/compute/schemas/servers.py)
KNOWN_QUERY = {
    "all_tenants",
    "tenant_id",
    "project_id",
    "user_id",
    "name",
    "status",
    "image",
    "flavor",
    "host",
    "node",
    "hostname",
    "ip",
    "ip6",
    "changes-since",
    "changes-before",
    "reservation_id",
    "launch_index",
    "key_name",
    "availability_zone",
    "vm_state",
    "task_state",
    "power_state",
    "locked",
    "config_drive",
    "access_ip_v4",
    "access_ip_v6",
    "auto_disk_config",
    "progress",
    "sort_key",
    "sort_dir",
    "limit",
    "marker",
    "deleted",
    "tags",
    "tags-any",
    "not-tags",
    "not-tags-any",
    "created_at",
    "launched_at",
    "terminated_at",
    "uuid",
    "description",
    "display_name",
    "display_description",
    "locked_by",
    "block_device_mapping",
    "kernel_id",
    "ramdisk_id",
    "root_device_name",
    "instance_type_id",
    "image_ref",
    "vm_mode",
    "metadata",
    "default_swap_device",
    "default_ephemeral_device",
    "system_metadata",
    "info_cache",
    "security_groups",
    "pci_devices",
    "soft_deleted",
    "architecture",
    "cell_name",
    "cleaned",
    "launched_on",
    "os_type",
    "shutdown_terminate",
    "disable_terminate",
    "updated_at",
    "key_data",
    "user_data",
    "fields",
}


def _filters(ctx: RequestContext, conn: Connection, query: Query, detail: bool) -> tuple[list[Any], bool]:
    q = query
    if ctx.at_least(2, 75):
        unknown = sorted(k for k in q if k not in KNOWN_QUERY)
        if unknown:
            raise ApiError(
                400,
                "Invalid input for query parameters "
                + unknown[0]
                + ". Value: "
                + q[unknown[0]]
                + ". Additional properties are not allowed",
            )
    i = t.instances
    where: list[Any] = []
    all_tenants = "all_tenants" in q and (q.get("all_tenants") == "" or to_bool(q.get("all_tenants")))
    if all_tenants:
        ctx.can(
            f"os_compute_api:servers:{'detail' if detail else 'index'}:get_all_tenants", {"project_id": ctx.project_id}
        )
        project = q.get("project_id") or q.get("tenant_id")
        if project:
            where.append(i.c.project_id == project)
    else:
        where.append(i.c.project_id == ctx.project_id)
    admin = ctx.allowed("os_compute_api:servers:allow_all_filters", {"project_id": ctx.project_id})
    include_deleted = False
    if q.get("changes-since"):
        where.append(updated_since(i.c.updated_at, parse_time(q["changes-since"], "changes-since")))
        include_deleted = True
    if q.get("changes-before") and ctx.at_least(2, 66):
        where.append(updated_before(i.c.updated_at, parse_time(q["changes-before"], "changes-before")))
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
                if ctx.at_least(2, 38):
                    raise ApiError(400, "Invalid status value")
                return [sa.false()], False
            vm_states += s.STATUS_TO_VM_STATES[up]
            if up == "DELETED":
                include_deleted = True
        where.append(i.c.vm_state.in_(vm_states))
    if not include_deleted:
        where.append(i.c.deleted == sa.false())  # "=", not "IS": SQLite serves only "=" from an index
    simple = {
        "image": i.c.image_ref,
        "reservation_id": i.c.reservation_id,
        "key_name": i.c.key_name,
        "availability_zone": i.c.availability_zone,
        "vm_state": i.c.vm_state,
        "task_state": i.c.task_state,
    }
    if admin:
        simple.update(
            {
                "host": i.c.host,
                "node": i.c.node,
                "hostname": i.c.hostname,
                "user_id": i.c.user_id,
                "launch_index": i.c.launch_index,
            }
        )
    elif ctx.at_least(2, 83):
        simple.update({"user_id": i.c.user_id})
    for key, col in simple.items():
        if q.get(key) is not None:
            value = q[key].rstrip("/").rsplit("/", 1)[-1] if key == "image" else q[key]
            where.append(col == value)
    if q.get("flavor"):
        flavor_id = q["flavor"].rstrip("/").rsplit("/", 1)[-1]
        ids = [
            u for u, f in conn.execute(sa.select(i.c.uuid, i.c.flavor).where(*where)) if str(f.get("id")) == flavor_id
        ]
        where.append(i.c.uuid.in_(ids))
    if q.get("locked") is not None and ctx.at_least(2, 73):
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
        where.append(i.c.uuid.in_(_by_ip(ctx, conn, where, q.get("ip") or q.get("ip6"))))
    tag_filters = {
        k: [x for x in q[k].split(",") if x] for k in ("tags", "tags-any", "not-tags", "not-tags-any") if q.get(k)
    }
    if tag_filters and ctx.at_least(2, 26):
        where.append(i.c.uuid.in_(_by_tags(conn, where, tag_filters)))
    return where, include_deleted


def _by_ip(ctx: RequestContext, conn: Connection, where: list[Any], pattern_text: str) -> list[str]:
    uuids = [
        u for (u,) in conn.execute(sa.select(t.instances.c.uuid).where(*where, t.instances.c.vm_state != s.DELETED))
    ]
    found = network_local.addresses(ctx.cloud, conn, uuids) if uuids else {}
    try:
        pattern = re.compile(pattern_text)
    except re.error:
        pattern = re.compile(re.escape(pattern_text))
    return [
        u
        for u, nets in found.items()
        if any(pattern.search(a.get("addr", "")) for addrs in nets.values() for a in addrs)
    ]


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


def _sort(query: Query) -> list[tuple[str, str]]:
    keys = query.getlist("sort_key")
    dirs = query.getlist("sort_dir")
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


def get_all(ctx: RequestContext, conn: Connection, query: Query, detail: bool) -> tuple[list[dict[str, Any]], bool]:
    """One page of the servers ``query`` selects (Nova's filters, sort keys, keyset pagination by
    uuid): the rows and whether more follow. ``detail`` picks the list policy (index or detail)."""
    where, _ = _filters(ctx, conn, query, detail)
    page = paginate(
        conn,
        t.instances,
        sa.select(t.instances).where(*where),
        _sort(query),
        query.get("marker"),
        parse_limit(query.get("limit")),
        marker_column="uuid",
    )
    return page.rows, page.more
