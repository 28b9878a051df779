"""Host aggregates as the domain layer writes them: creation, and a host's zone and Placement
aggregates after its membership changes; shared by ``/os-aggregates`` and the model's
``compute.aggregates``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.placement import local as placement_local

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

DEFAULT_AZ = "nova"


def host_az(conn: Connection, host: str) -> str:
    """A host's zone: its aggregates' zone, else the default zone (Nova's availability_zones)."""
    zones = conn.execute(sa.select(t.aggregates.c.availability_zone).select_from(
        t.aggregates.join(t.aggregate_hosts, t.aggregate_hosts.c.aggregate_id == t.aggregates.c.id))
        .where(t.aggregate_hosts.c.host == host, t.aggregates.c.availability_zone.is_not(None))
        .order_by(t.aggregates.c.id)).scalars().all()
    return zones[0] if zones else DEFAULT_AZ


def sync_host(cloud: "Cloud", conn: Connection, host: str) -> None:
    """After membership or zone changes: the node's zone, and its aggregates in Placement."""
    conn.execute(t.nodes.update().where(t.nodes.c.host == host).values(availability_zone=host_az(conn, host)))
    node = conn.execute(sa.select(t.nodes.c.uuid, t.nodes.c.hypervisor_hostname).where(t.nodes.c.host == host)).first()
    if node is None:
        return
    uuids = conn.execute(sa.select(t.aggregates.c.uuid).select_from(
        t.aggregates.join(t.aggregate_hosts, t.aggregate_hosts.c.aggregate_id == t.aggregates.c.id))
        .where(t.aggregate_hosts.c.host == host).order_by(t.aggregates.c.id)).scalars().all()
    placement_local.ensure_provider(cloud, conn, node.uuid, node.hypervisor_hostname)
    placement_local.set_aggregates(cloud, conn, node.uuid, list(uuids))


def create_aggregate(cloud: "Cloud", conn: Connection, name: str, az: str | None,
                     metadata: dict[str, str] | None = None) -> dict[str, Any]:
    """Insert one aggregate (409 when the name is taken); ``az`` becomes its availability_zone metadata."""
    if conn.execute(sa.select(t.aggregates.c.id).where(t.aggregates.c.name == name)).first():
        raise ApiError(409, f"Aggregate {name} already exists.", "AggregateNameExists")
    meta = dict(metadata or {})
    if az:
        meta["availability_zone"] = az
    values = {"uuid": uuid_str(), "name": name, "availability_zone": meta.get("availability_zone"),
              "metadata": meta, "created_at": cloud.clock.now(), "updated_at": None}
    values["id"] = conn.execute(t.aggregates.insert().values(**values)).inserted_primary_key[0]
    return values
