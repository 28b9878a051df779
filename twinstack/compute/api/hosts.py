"""Nova's deprecated os-hosts (2.1 to 2.42; 404 from 2.43): the hosts behind the services, a compute
host's resources and per-project use, enable/disable and the fake driver's power actions.
``openstack host list/show/set`` still call it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.api.services import service_zone, zones_by_host
from twinstack.compute.schemas import hosts as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.core.validation import validate


def _gone_after_242(req: Req) -> None:
    if req.at_least(2, 43):
        raise errors.resource_not_found()


def _compute_service(conn: Connection, host: str) -> dict[str, Any]:
    row = conn.execute(sa.select(t.services).where(t.services.c.host == host,
                                                   t.services.c.binary == "nova-compute")).first()
    if row is None:
        raise ApiError(404, f"Host {host} could not be found.", "HostNotFound")
    return dict(row._mapping)


async def index(req: Req) -> Any:
    _gone_after_242(req)
    req.authorize("os_compute_api:os-hosts:list")
    zone = req.query.get("zone")
    with req.cloud.store.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(
            sa.select(t.services).where(t.services.c.disabled.is_(False)).order_by(t.services.c.id))]
        zones = zones_by_host(conn)
    hosts = [{"host_name": r["host"], "service": r["topic"] or r["binary"].replace("nova-", ""),
              "zone": service_zone(r, zones)} for r in rows]
    if zone:
        hosts = [h for h in hosts if h["zone"] == zone]
    return {"hosts": hosts}


async def show(req: Req) -> Any:
    _gone_after_242(req)
    req.authorize("os_compute_api:os-hosts:show")
    host = req.params["host_name"]
    with req.cloud.store.read() as conn:
        found = conn.execute(sa.select(t.nodes).where(t.nodes.c.host == host)).first()
        if found is None:
            raise ApiError(404, f"Compute host {host} could not be found.", "ComputeHostNotFound")
        node = dict(found._mapping)
        servers = conn.execute(sa.select(t.instances.c.project_id, t.instances.c.flavor).where(
            t.instances.c.host == host, t.instances.c.deleted.is_(False)).order_by(t.instances.c.id)).all()

    def resource(project: str, cpu: int, memory: int, disk: int) -> dict[str, Any]:
        return {"resource": {"host": host, "project": project, "cpu": cpu, "memory_mb": memory, "disk_gb": disk}}

    out = [resource("(total)", node["vcpus"], node["memory_mb"], node["local_gb"]),
           resource("(used_now)", int(node.get("vcpus_used") or 0),
                    node["reserved_host_memory_mb"] + int(node.get("memory_mb_used") or 0),
                    (node["reserved_host_disk_mb"] + 1023) // 1024 + int(node.get("local_gb_used") or 0))]
    per_project: dict[str, list[int]] = {}
    total = [0, 0, 0]
    for project_id, flavor in servers:
        flavor = flavor or {}
        use = [int(flavor.get("vcpus", 0)), int(flavor.get("ram", 0)),
               int(flavor.get("disk", 0)) + int(flavor.get("ephemeral", 0))]
        total = [a + b for a, b in zip(total, use, strict=False)]
        per_project[project_id] = [a + b for a, b in zip(per_project.get(project_id, [0, 0, 0]), use, strict=False)]
    out.append(resource("(used_max)", *total))
    out += [resource(project, *use) for project, use in per_project.items()]
    return {"host": out}


async def update(req: Req) -> Any:
    _gone_after_242(req)
    req.authorize("os_compute_api:os-hosts:update")
    body = validate(await req.json(), schemas.update)
    host = req.params["host_name"]
    result: dict[str, Any] = {"host": host}
    with req.cloud.store.begin() as conn:
        service = _compute_service(conn, host)
        if "status" in body:
            enabled = body["status"].lower() == "enable"
            conn.execute(t.services.update().where(t.services.c.id == service["id"]).values(
                disabled=not enabled, disabled_reason=None, updated_at=req.cloud.clock.now()))
            result["status"] = "enabled" if enabled else "disabled"
        if "maintenance_mode" in body:
            # what nova/virt/fake.py answers: the mode, and nothing evacuated
            result["maintenance_mode"] = ("on_maintenance" if body["maintenance_mode"].lower() == "enable"
                                          else "off_maintenance")
    return result


async def _power(req: Req, action: str) -> Any:
    _gone_after_242(req)
    req.authorize(f"os_compute_api:os-hosts:{'start' if action == 'startup' else action}")
    host = req.params["host_name"]
    with req.cloud.store.read() as conn:
        _compute_service(conn, host)
    return {"host": host, "power_action": action}  # the fake driver's host_power_action


async def startup(req: Req) -> Any:
    return await _power(req, "startup")


async def shutdown(req: Req) -> Any:
    return await _power(req, "shutdown")


async def reboot(req: Req) -> Any:
    return await _power(req, "reboot")
