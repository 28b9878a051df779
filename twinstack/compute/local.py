"""Compute's in-process interface for the other services (docs/internal-interfaces.md): Neutron's
agents and Cinder's zones ask which hosts exist, port and volume checks ask whether a server does."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.core.context import Context
from twinstack.core.errors import ApiError

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def instance_exists(cloud: Cloud, conn: Connection, instance_uuid: str) -> bool:
    return conn.execute(sa.select(t.instances.c.id).where(
        t.instances.c.uuid == instance_uuid, t.instances.c.deleted.is_(False))).first() is not None


def host_names(cloud: Cloud, conn: Connection) -> list[str]:
    return [h for (h,) in conn.execute(sa.select(t.nodes.c.host).order_by(t.nodes.c.host))]


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
