"""Auto-allocated topology (``--nic auto``): a network, a subnet and a router to the default external
network, made for a project on first request and found again afterwards."""

from __future__ import annotations

from typing import TYPE_CHECKING

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base, routers, subnetpools
from twinstack.network.manager.networks import NETWORKS
from twinstack.network.manager.subnets import SUBNETS

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


NET_NAME = "auto_allocated_network"
SUBNET_NAME = "auto_allocated_subnet_v4"
ROUTER_NAME = "auto_allocated_router"
POOL = netaddr.IPNetwork("10.128.0.0/9")


def find(conn: Connection, project_id: str) -> str | None:
    row = conn.execute(sa.select(t.networks.c.id).where(t.networks.c.project_id == project_id,
                                                        t.networks.c.name == NET_NAME)).first()
    return str(row[0]) if row else None


def allocate(cloud: Cloud, conn: Connection, project_id: str) -> str:
    existing = find(conn, project_id)
    if existing:
        return existing
    external = conn.execute(sa.select(t.networks.c.id).where(t.networks.c.external.is_(True),
                                                             t.networks.c.is_default.is_(True))).first()
    if external is None:
        raise E.in_use("Deployment error: Unable to provide external connectivity: no default external network "
                       "found.", "AutoAllocationFailure")
    pool = subnetpools.default_pool(conn, 4)
    if pool is not None:  # as Neutron does: carve from the default subnet pool
        cidr = subnetpools.carve(conn, pool, None, None)
    else:
        used = [netaddr.IPNetwork(c) for (c,) in conn.execute(sa.select(t.subnets.c.cidr).where(
            t.subnets.c.project_id == project_id, t.subnets.c.ip_version == 4))]
        cidr = next(str(n) for n in POOL.subnet(26) if not any(n.first <= u.last and u.first <= n.last for u in used))
    net_id = base.create_row(cloud, conn, NETWORKS, {
        "name": NET_NAME, "project_id": project_id, "admin_state_up": True, "shared": False,
        "router:external": False, "is_default": False, "port_security_enabled": True,
        "availability_zone_hints": [], "description": ""}, None)
    subnet_id = base.create_row(cloud, conn, SUBNETS, {
        "name": SUBNET_NAME, "project_id": project_id, "network_id": net_id, "ip_version": 4, "cidr": cidr,
        "enable_dhcp": True, "subnetpool_id": pool["id"] if pool else None, "dns_nameservers": [],
        "host_routes": [], "description": "", "service_types": []}, None)
    router_id = base.create_row(cloud, conn, routers.ROUTERS, {
        "name": ROUTER_NAME, "project_id": project_id, "admin_state_up": True, "description": "",
        "availability_zone_hints": [], "external_gateway_info": {"network_id": external[0]}}, None)
    row = dict(conn.execute(sa.select(t.routers).where(t.routers.c.id == router_id)).one()._mapping)
    routers.add_interface(cloud, conn, row, {"subnet_id": subnet_id}, None)
    return net_id


def dry_run(conn: Connection) -> None:
    """``fields=dry-run``: whether a topology could be made (a default external network exists)."""
    ok = conn.execute(sa.select(t.networks.c.id).where(t.networks.c.external.is_(True),
                                                       t.networks.c.is_default.is_(True))).first()
    if ok is None:
        raise E.in_use("Deployment error: Unable to provide external connectivity.", "AutoAllocationFailure")


def release(cloud: Cloud, conn: Connection, project: str) -> None:
    """Delete a project's topology: the router's interfaces, the router, the network."""
    net_id = find(conn, project)
    if net_id is None:
        raise E.not_found("AutoAllocatedTopology", project, f"Topology for project {project} could not be found.")
    router = conn.execute(sa.select(t.routers).where(t.routers.c.project_id == project,
                                                     t.routers.c.name == ROUTER_NAME)).first()
    if router is not None:
        row = dict(router._mapping)
        for sub in routers.interface_subnets(conn, row["id"]):
            routers.remove_interface(cloud, conn, row, {"subnet_id": sub["id"]}, None)
        routers.ROUTERS.ops.delete(cloud, conn, row, None)
    net = dict(conn.execute(sa.select(t.networks).where(t.networks.c.id == net_id)).one()._mapping)
    NETWORKS.ops.delete(cloud, conn, net, None)
