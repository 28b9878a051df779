"""Nova's os-hypervisors: one per compute node, usage from the node's used columns (which follow its
Placement usage), fields per microversion (2.28 cpu_info object, 2.33 paging, 2.53 uuids and
with_servers, 2.88 usage fields gone and uptime in detail)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import (
    fits_db_int,
    limit_and_marker,
    next_links,
    reject_unknown_query,
    strict_bool,
)
from twinstack.compute.api.services import down_time, is_up
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req

CPU_INFO = {"arch": "x86_64", "model": "Nehalem", "vendor": "Intel", "features": ["pge", "clflush"],
            "topology": {"cores": 1, "threads": 1, "sockets": 4}}


# -- data ------------------------------------------------------------------------------------
def _workload(conn: Connection, hosts: list[str]) -> dict[str, int]:
    """Per host, the servers with a task under way (Nova's current_workload), in one grouped query."""
    if not hosts:
        return {}
    query = (sa.select(t.instances.c.host, sa.func.count())
             .where(t.instances.c.host.in_(hosts), t.instances.c.deleted.is_(False),
                    t.instances.c.task_state.is_not(None))
             .group_by(t.instances.c.host))
    return {r[0]: int(r[1]) for r in conn.execute(query)}


def _services(conn: Connection, hosts: list[str]) -> dict[str, dict[str, Any]]:
    if not hosts:
        return {}
    rows = conn.execute(sa.select(t.services).where(t.services.c.host.in_(hosts),
                                                    t.services.c.binary == "nova-compute"))
    return {r.host: dict(r._mapping) for r in rows}


def _servers(conn: Connection, hosts: list[str]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {h: [] for h in hosts}
    if hosts:
        query = (sa.select(t.instances.c.host, t.instances.c.display_name, t.instances.c.uuid)
                 .where(t.instances.c.host.in_(hosts), t.instances.c.deleted.is_(False)).order_by(t.instances.c.id))
        for r in conn.execute(query):
            out[r.host].append({"name": r.display_name, "uuid": r.uuid})
    return out


def uptime_text(started: datetime | None, now: datetime) -> str:
    """What the fake driver's get_host_uptime answers: the shape of ``uptime``'s output."""
    seconds = int((now - started).total_seconds()) if started else 0
    days, rest = divmod(max(seconds, 0), 86400)
    hours, rest = divmod(rest, 3600)
    return (f" {now:%H:%M:%S} up {days} days, {hours:2d}:{rest // 60:02d},  1 users,  "
            "load average: 0.20, 0.12, 0.14")


# -- views -----------------------------------------------------------------------------------
def view(req: Req, node: dict[str, Any], service: dict[str, Any] | None, workload: int,
         detail: bool, now: datetime, servers: list[dict[str, str]] | None = None,
         with_servers: bool = False) -> dict[str, Any]:
    uuids = req.at_least(2, 53)
    service = service or {"id": None, "uuid": None, "disabled": False, "disabled_reason": None,
                          "forced_down": True, "last_seen_up": None}
    body: dict[str, Any] = {
        "id": node["uuid"] if uuids else node["id"], "hypervisor_hostname": node["hypervisor_hostname"],
        "state": "up" if is_up(service, now, down_time(req.cloud)) else "down",
        "status": "disabled" if service["disabled"] else "enabled",
    }
    if detail:
        body.update(hypervisor_type=node["hypervisor_type"], hypervisor_version=node["hypervisor_version"],
                    host_ip=node["host_ip"])
        body["service"] = {"id": service["uuid"] if uuids else service["id"], "host": node["host"],
                           "disabled_reason": service["disabled_reason"]}
        if not req.at_least(2, 88):
            # the node's used columns follow its Placement usage (compute-core's resource tracker);
            # like Nova's, the memory and disk used include what the host keeps for itself
            memory_used = node["reserved_host_memory_mb"] + int(node.get("memory_mb_used") or 0)
            disk_used = (node["reserved_host_disk_mb"] + 1023) // 1024 + int(node.get("local_gb_used") or 0)
            body.update(
                vcpus=node["vcpus"], memory_mb=node["memory_mb"], local_gb=node["local_gb"],
                vcpus_used=int(node.get("vcpus_used") or 0), memory_mb_used=memory_used, local_gb_used=disk_used,
                free_ram_mb=node["memory_mb"] - memory_used, free_disk_gb=node["local_gb"] - disk_used,
                current_workload=workload, running_vms=int(node.get("running_vms") or 0),
                disk_available_least=node["local_gb"] - disk_used)
            body["cpu_info"] = CPU_INFO if req.at_least(2, 28) else json.dumps(CPU_INFO)
        else:
            body["uptime"] = uptime_text(node.get("started_at"), now)
    if servers:
        body["servers"] = servers
    elif with_servers and req.at_least(2, 75):
        body["servers"] = []
    return body


def _render(req: Req, conn: Connection, nodes: list[dict[str, Any]], detail: bool,
            with_servers: bool = False) -> list[dict[str, Any]]:
    hosts = [n["host"] for n in nodes]
    services = _services(conn, hosts)
    workload = _workload(conn, hosts) if detail and not req.at_least(2, 88) else {}
    servers = _servers(conn, hosts) if with_servers else {}
    now = req.cloud.clock.now()
    return [view(req, n, services.get(n["host"]), workload.get(n["host"], 0), detail, now, servers.get(n["host"]),
                 with_servers) for n in nodes]


def _find(req: Req, conn: Connection, hypervisor_id: str) -> dict[str, Any]:
    if req.at_least(2, 53):
        row = conn.execute(sa.select(t.nodes).where(t.nodes.c.uuid == hypervisor_id)).first()
        if row is None:
            try:
                import uuid

                uuid.UUID(hypervisor_id)
            except ValueError:
                raise errors.invalid_uuid(hypervisor_id) from None
    else:
        row = None
        if hypervisor_id.isdigit() and fits_db_int(int(hypervisor_id)):
            row = conn.execute(sa.select(t.nodes).where(t.nodes.c.id == int(hypervisor_id))).first()
    if row is None:
        raise ApiError(404, f"Hypervisor with ID '{hypervisor_id}' could not be found.")
    return dict(row._mapping)


# -- handlers --------------------------------------------------------------------------------
def _with_servers(req: Req) -> bool:
    if not req.at_least(2, 53) or "with_servers" not in req.query:
        return False
    try:
        return strict_bool(req.query["with_servers"], "with_servers")
    except ApiError:
        raise ApiError(400, f"Invalid input for query parameters with_servers. Value: "
                            f"{req.query['with_servers']}.") from None


def _list(req: Req, detail: bool) -> Any:
    req.authorize(f"os_compute_api:os-hypervisors:{'list-detail' if detail else 'list'}")
    if req.at_least(2, 53):  # Nova closed these query schemas at 2.53
        reject_unknown_query(req, {"limit", "marker", "hypervisor_hostname_pattern", "with_servers"})
    paging = req.at_least(2, 33)
    limit, marker = limit_and_marker(req) if paging else (None, None)
    pattern = req.query.get("hypervisor_hostname_pattern") if req.at_least(2, 53) else None
    with_servers = _with_servers(req)
    query = sa.select(t.nodes).order_by(t.nodes.c.id)
    with req.cloud.store.read() as conn:
        if pattern is not None:
            if "limit" in req.query or marker:
                raise ApiError(400, "Paging over hypervisors with the hypervisor_hostname_pattern query "
                                    "parameter is not supported.")
            query = query.where(t.nodes.c.hypervisor_hostname.contains(pattern, autoescape=True))
            nodes = [dict(r._mapping) for r in conn.execute(query)]
            if not nodes:
                raise ApiError(404, f"No hypervisor matching '{pattern}' could be found.")
        else:
            if marker is not None:
                column = t.nodes.c.uuid if req.at_least(2, 53) else t.nodes.c.id
                try:
                    marker_value: Any = marker if req.at_least(2, 53) else int(marker)
                except ValueError:
                    marker_value = None
                if isinstance(marker_value, int) and not fits_db_int(marker_value):
                    marker_value = None
                found = conn.execute(sa.select(t.nodes.c.id).where(column == marker_value)).first() \
                    if marker_value is not None else None
                if found is None:
                    raise ApiError(400, f"marker [{marker}] not found")
                query = query.where(t.nodes.c.id > found.id)
            if limit is not None:
                query = query.limit(limit + 1)
            nodes = [dict(r._mapping) for r in conn.execute(query)]
        more = limit is not None and len(nodes) > limit
        nodes = nodes[:limit] if limit is not None else nodes
        body: dict[str, Any] = {"hypervisors": _render(req, conn, nodes, detail, with_servers)}
    if paging and more and nodes and pattern is None:
        last = nodes[-1]["uuid"] if req.at_least(2, 53) else nodes[-1]["id"]
        body["hypervisors_links"] = next_links(req, "os-hypervisors/detail" if detail else "os-hypervisors",
                                               last, limit)
    return body


async def index(req: Req) -> Any:
    return _list(req, detail=False)


async def detail(req: Req) -> Any:
    return _list(req, detail=True)


async def show(req: Req) -> Any:
    req.authorize("os_compute_api:os-hypervisors:show")
    if req.at_least(2, 53):
        reject_unknown_query(req, {"with_servers"})
    with_servers = _with_servers(req)
    with req.cloud.store.read() as conn:
        node = _find(req, conn, req.params["hypervisor_id"])
        return {"hypervisor": _render(req, conn, [node], True, with_servers)[0]}


async def uptime(req: Req) -> Any:
    if req.at_least(2, 88):
        raise errors.resource_not_found()
    req.authorize("os_compute_api:os-hypervisors:uptime")
    with req.cloud.store.read() as conn:
        node = _find(req, conn, req.params["hypervisor_id"])
        body = _render(req, conn, [node], False)[0]
    body["uptime"] = uptime_text(node.get("started_at"), req.cloud.clock.now())
    return {"hypervisor": body}


async def statistics(req: Req) -> Any:
    if req.at_least(2, 88):
        raise errors.resource_not_found()
    req.authorize("os_compute_api:os-hypervisors:statistics")
    with req.cloud.store.read() as conn:
        nodes = [dict(r._mapping) for r in conn.execute(sa.select(t.nodes))]
        views = _render(req, conn, nodes, True)
    keys = ("current_workload", "disk_available_least", "free_disk_gb", "free_ram_mb", "local_gb",
            "local_gb_used", "memory_mb", "memory_mb_used", "running_vms", "vcpus", "vcpus_used")
    stats = {k: sum(int(v[k]) for v in views) for k in keys}
    return {"hypervisor_statistics": {"count": len(views), **stats}}


async def search(req: Req) -> Any:
    """Legacy (< 2.53) /os-hypervisors/{pattern}/search and /servers."""
    if req.at_least(2, 53):
        raise errors.resource_not_found()
    req.authorize("os_compute_api:os-hypervisors:search")
    return _by_pattern(req, with_servers=False)


async def servers(req: Req) -> Any:
    if req.at_least(2, 53):
        raise errors.resource_not_found()
    req.authorize("os_compute_api:os-hypervisors:servers")
    return _by_pattern(req, with_servers=True)


def _by_pattern(req: Req, with_servers: bool) -> Any:
    pattern = req.params["hypervisor_id"]
    with req.cloud.store.read() as conn:
        nodes = [dict(r._mapping) for r in conn.execute(
            sa.select(t.nodes).where(t.nodes.c.hypervisor_hostname.contains(pattern, autoescape=True))
            .order_by(t.nodes.c.id))]
        if not nodes:
            raise ApiError(404, f"No hypervisor matching '{pattern}' could be found.")
        return {"hypervisors": _render(req, conn, nodes, False, with_servers)}
