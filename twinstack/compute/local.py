"""Compute's in-process interface for the other services (docs/internal-interfaces.md): Neutron's
agents and Cinder's zones ask which hosts exist, port and volume checks ask whether a server does."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.compute.manager import states as s
from twinstack.core.context import Context
from twinstack.core.errors import ApiError

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def instance_exists(cloud: Cloud, conn: Connection, instance_uuid: str) -> bool:
    return conn.execute(sa.select(t.instances.c.id).where(
        t.instances.c.uuid == instance_uuid, t.instances.c.deleted.is_(False))).first() is not None


def host_names(cloud: Cloud, conn: Connection) -> list[str]:
    return [h for (h,) in conn.execute(sa.select(t.nodes.c.host).order_by(t.nodes.c.host))]


def hosts_overview(cloud: Cloud, conn: Connection) -> list[dict[str, Any]]:
    """Every compute host with its service state and how many servers it holds, in one statement
    (the control plane's console draws all of them, up to tens of thousands)."""
    counts = (
        sa.select(t.instances.c.host, sa.func.count().label("servers"))
        .where(t.instances.c.deleted.is_(False), t.instances.c.host.is_not(None))
        .group_by(t.instances.c.host)
        .subquery()
    )
    svc = t.services
    query = (
        sa.select(t.nodes.c.uuid, t.nodes.c.host, t.nodes.c.availability_zone, svc.c.disabled, svc.c.forced_down,
                  sa.func.coalesce(counts.c.servers, 0))
        .select_from(t.nodes.outerjoin(svc, sa.and_(svc.c.host == t.nodes.c.host, svc.c.binary == "nova-compute"))
                     .outerjoin(counts, counts.c.host == t.nodes.c.host))
        .order_by(t.nodes.c.id)
    )
    return [
        {"uuid": uuid, "name": host, "zone": zone, "servers": int(servers),
         "state": "down" if forced_down else "disabled" if disabled else "up"}
        for uuid, host, zone, disabled, forced_down, servers in conn.execute(query)
    ]


def _server(row: Any) -> dict[str, Any]:
    flavor = row.flavor or {}
    return {"id": row.uuid, "name": row.display_name, "host": row.host,
            "status": s.status(row.vm_state, row.task_state), "project_id": row.project_id,
            "flavor": flavor.get("name"), "vcpus": flavor.get("vcpus"), "ram": flavor.get("ram")}


_SERVER_COLUMNS = (t.instances.c.uuid, t.instances.c.display_name, t.instances.c.host, t.instances.c.vm_state,
                   t.instances.c.task_state, t.instances.c.project_id, t.instances.c.flavor)


def servers_on_host(cloud: Cloud, conn: Connection, host: str, limit: int = 1000) -> list[dict[str, Any]] | None:
    """The live servers on one host (oldest first), for the console's host panel; None: no such host."""
    if conn.execute(sa.select(t.nodes.c.id).where(t.nodes.c.host == host)).first() is None:
        return None
    rows = conn.execute(sa.select(*_SERVER_COLUMNS).where(t.instances.c.host == host, t.instances.c.deleted.is_(False))
                        .order_by(t.instances.c.id).limit(limit))
    return [_server(row) for row in rows]


def find_servers(cloud: Cloud, conn: Connection, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Live servers whose id starts with ``text`` or whose name contains it (case-insensitive)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = (
        sa.select(*_SERVER_COLUMNS)
        .where(t.instances.c.deleted.is_(False),
               sa.or_(t.instances.c.uuid.startswith(text, autoescape=True),
                      t.instances.c.display_name.ilike(pattern, escape="\\")))
        .order_by(t.instances.c.id)
        .limit(limit)
    )
    return [_server(row) for row in conn.execute(query)]
# -- servers for a service that boots its own (Octavia's amphorae) --------------------------------------
# The caller names a Context (its service user, scoped to its service project); the boot runs Nova's
# compute API with it (the same checks, quota and build path as POST /servers), then the conductor's
# usual cast: the server turns ACTIVE (or ERROR) on its own, which ``server_state`` reports.


def find_flavor_id(cloud: Cloud, conn: Connection, name_or_id: str) -> str | None:
    """A flavor's id by its id or its name."""
    c = t.flavors.c
    row = conn.execute(sa.select(c.id).where(sa.or_(c.id == name_or_id, c.name == name_or_id))
                       .order_by((c.id == name_or_id).desc())).first()
    return str(row[0]) if row is not None else None


async def boot_server(cloud: Cloud, caller: Context, name: str, flavor_id: str, image_id: str,
                      network_id: str | None, metadata: dict[str, str] | None = None,
                      availability_zone: str | None = None) -> str:
    """Create one server (on ``network_id``, or with no network) and return its uuid; the build goes on
    in the background. Nova's 4xx (flavor, image, quota) are raised as they are."""
    from twinstack.compute.manager import api
    from twinstack.compute.manager.context import RequestContext
    server: dict[str, Any] = {"name": name, "flavorRef": flavor_id, "imageRef": image_id,
                              "networks": [{"uuid": network_id}] if network_id else "none",
                              "metadata": dict(metadata or {})}
    if availability_zone:
        server["availability_zone"] = availability_zone
    ctx = RequestContext(cloud, caller, f"req-{uuid.uuid4()}")
    created = await api.create(ctx, server, {})
    return str(created.instances[0]["uuid"])


def server_state(cloud: Cloud, conn: Connection, instance_uuid: str) -> dict[str, Any] | None:
    """``{"vm_state", "task_state", "host", "fault"}`` of a server, None once it is deleted."""
    row = conn.execute(sa.select(t.instances.c.vm_state, t.instances.c.task_state, t.instances.c.host,
                                 t.instances.c.fault).where(t.instances.c.uuid == instance_uuid,
                                                            t.instances.c.deleted.is_(False))).first()
    if row is None:
        return None
    return {"vm_state": row.vm_state, "task_state": row.task_state, "host": row.host, "fault": row.fault}


async def delete_server(cloud: Cloud, caller: Context, instance_uuid: str) -> None:
    """Nova's delete (a server already gone is no error)."""
    from twinstack.compute.manager import api
    from twinstack.compute.manager.context import RequestContext
    try:
        await api.delete(RequestContext(cloud, caller, f"req-{uuid.uuid4()}"), instance_uuid)
    except ApiError as err:
        if err.status != 404:
            raise
