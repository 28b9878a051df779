"""Loading the model's compute section, inside the cloud's one transaction: the hosts (compute nodes,
services, Placement providers), flavors (extra specs, private access by project name), aggregates
(zone, metadata, member hosts) and quotas (defaults, per project)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.compute.manager import aggregates as agg
from twinstack.compute.manager import hosts, quota
from twinstack.compute.manager.flavors import create_flavor
from twinstack.compute.model import ComputeModel
from twinstack.core.errors import ApiError, ModelReferenceError
from twinstack.identity import local as identity

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def _project_id(conn: Connection, name: str, where: str) -> str:
    project = identity.resolve_project(conn, name)
    if project is None:
        raise ModelReferenceError(f"{where}: unknown project '{name}'")
    return project.id


def load_flavors(cloud: Cloud, conn: Connection, section: ComputeModel) -> None:
    now = cloud.clock.now()
    for i, f in enumerate(section.flavors):
        try:
            flavor_id = create_flavor(
                conn, f.name, f.vcpus, f.ram, f.disk, now, flavor_id=f.id, ephemeral=f.ephemeral, swap=f.swap,
                rxtx_factor=f.rxtx_factor, is_public=f.is_public, description=f.description,
                extra_specs={k: str(v) for k, v in f.extra_specs.items()})["id"]
        except ApiError as exc:
            raise ModelReferenceError(f"compute.flavors[{i}] ({f.name}): {exc.message}") from None
        for project in dict.fromkeys(f.projects):
            conn.execute(
                t.flavor_access.insert().values(
                    flavor_id=flavor_id,
                    project_id=_project_id(conn, project, f"compute.flavors[{i}] ({f.name}).projects"),
                )
            )


def load_aggregates(cloud: Cloud, conn: Connection, section: ComputeModel) -> None:
    """Declared aggregates, then each host's zone. Membership of the aggregates a host names is
    compute-core's ``hosts.join_aggregates`` (it runs after this); a host the model puts in a zone of
    its own joins a zone aggregate here, as an operator would do with ``aggregate create --zone``."""
    by_name: dict[str, int] = {r.name: r.id for r in conn.execute(sa.select(t.aggregates.c.id, t.aggregates.c.name))}
    zones: dict[str, str | None] = {}
    for a in section.aggregates:
        meta = dict(a.metadata)
        if a.availability_zone:
            meta["availability_zone"] = a.availability_zone
        if a.name in by_name:
            conn.execute(
                t.aggregates.update()
                .where(t.aggregates.c.id == by_name[a.name])
                .values(availability_zone=meta.get("availability_zone"), metadata=meta)
            )
        else:
            by_name[a.name] = agg.create_aggregate(cloud, conn, a.name, a.availability_zone, a.metadata)["id"]
        zones[a.name] = a.availability_zone
    known_hosts = set(conn.execute(sa.select(t.nodes.c.host)).scalars())
    by_zone: dict[str, list[str]] = {}
    for h in hosts.expand(section.hosts):
        if h.name not in known_hosts:
            continue
        zone = next((zones[n] for n in h.aggregates if zones.get(n)), None)
        if zone is None and h.availability_zone != agg.DEFAULT_AZ:
            zone = h.availability_zone
            name = _zone_aggregate(cloud, conn, by_name, zone)
            if name not in h.aggregates:
                conn.execute(t.aggregate_hosts.insert().values(aggregate_id=by_name[name], host=h.name))
                agg.sync_host(cloud, conn, h.name)
        by_zone.setdefault(zone or agg.DEFAULT_AZ, []).append(h.name)
    for zone, names in by_zone.items():  # one UPDATE per zone and 500 hosts, not one per host
        for i in range(0, len(names), 500):
            conn.execute(t.nodes.update().where(t.nodes.c.host.in_(names[i : i + 500])).values(availability_zone=zone))


def _zone_aggregate(cloud: Cloud, conn: Connection, by_name: dict[str, int], zone: str) -> str:
    """The aggregate carrying ``zone`` (the first that does, else a new one named after it)."""
    row = conn.execute(
        sa.select(t.aggregates.c.id, t.aggregates.c.name)
        .where(t.aggregates.c.availability_zone == zone)
        .order_by(t.aggregates.c.id)
    ).first()
    if row is not None:
        by_name[row.name] = row.id
        return str(row.name)
    name = zone if zone not in by_name else f"{zone}-zone"
    by_name[name] = agg.create_aggregate(cloud, conn, name, zone)["id"]
    return name


def load_quotas(cloud: Cloud, conn: Connection, section: ComputeModel) -> None:
    """The default quota class, then per-project limits: all checked first, then one INSERT per table."""
    classes = []
    for key, value in section.quotas.items():
        if key not in quota.DEFAULTS:
            raise ModelReferenceError(f"compute.quotas: unknown quota '{key}' (one of {', '.join(quota.RESOURCES)})")
        classes.append({"class_name": "default", "resource": key, "hard_limit": int(value)})
    limits = []
    for project, values in section.project_quotas.items():
        project_id = _project_id(conn, project, f"compute.project_quotas.{project}")
        for key, value in values.items():
            if key not in quota.DEFAULTS:
                raise ModelReferenceError(f"compute.project_quotas.{project}: unknown quota '{key}'")
            limits.append({"project_id": project_id, "user_id": "", "resource": key, "hard_limit": int(value)})
    if classes:
        conn.execute(t.quota_classes.insert(), classes)
    if limits:
        conn.execute(t.quotas.insert(), limits)


def load_model(cloud: Cloud, conn: Connection, section: ComputeModel) -> list[dict[str, Any]]:
    """Hosts first (aggregates place them in zones), then flavors, aggregates, quotas, then the hosts
    join the aggregates they name; returns the compute nodes for the runtime to serve."""
    try:
        nodes = hosts.create_hosts(cloud, conn, section)
    except hosts.HostModelError as exc:
        raise ModelReferenceError(str(exc)) from None
    load_flavors(cloud, conn, section)
    load_aggregates(cloud, conn, section)
    load_quotas(cloud, conn, section)
    hosts.join_aggregates(cloud, conn, section, nodes)
    return nodes
