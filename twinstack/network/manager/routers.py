"""Routers (neutron/db/l3_db.py, small): external gateway with SNAT, interfaces by subnet or port,
static routes (extraroute, add_extraroutes/remove_extraroutes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base, ports, subnets
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.manager.networks import NETWORKS, default_az
from twinstack.network.manager.qos import QOS_POLICIES
from twinstack.network.schemas import routers as routers_schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


GATEWAY = "network:router_gateway"
INTERFACE = "network:router_interface"
NETWORK_NODE = "twinstack"


def interface_ports(conn: Connection, router_id: str) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(sa.select(t.ports).where(
        t.ports.c.device_id == router_id, t.ports.c.device_owner == INTERFACE))]


def interface_subnets(conn: Connection, router_id: str) -> list[dict[str, Any]]:
    """The subnets a router has interfaces on, with the interface port id."""
    a = t.ip_allocations.c
    rows = conn.execute(sa.select(t.subnets, a.port_id.label("_port_id"))
                        .join(t.ip_allocations, a.subnet_id == t.subnets.c.id)
                        .join(t.ports, t.ports.c.id == a.port_id)
                        .where(t.ports.c.device_id == router_id, t.ports.c.device_owner == INTERFACE))
    return [dict(r._mapping) for r in rows]


class RouterOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        return t.routers.c.project_id == (caller.project_id if caller else None)

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        gw_ports = [r["gw_port_id"] for r in rows if r["gw_port_id"]]
        ips = ports.fixed_ips_for(conn, gw_ports)
        az = default_az(cloud)
        for r in rows:
            info = None
            if r["gw_network_id"]:
                info = {"network_id": r["gw_network_id"], "enable_snat": r["enable_snat"],
                        "external_fixed_ips": ips.get(r["gw_port_id"], []) if r["gw_port_id"] else [],
                        "qos_policy_id": r["gw_qos_policy_id"]}
            r["external_gateway_info"] = info
            r["availability_zones"] = [az]

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        info = values.pop("external_gateway_info", None)
        values.setdefault("status", "ACTIVE")
        router_id = base.insert_row(cloud, conn, ROUTERS, values)
        if info:
            row = dict(conn.execute(sa.select(t.routers).where(t.routers.c.id == router_id)).one()._mapping)
            set_gateway(cloud, conn, row, info, caller)
        return router_id

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        if "external_gateway_info" in changes:
            set_gateway(cloud, conn, row, changes.pop("external_gateway_info"), caller)
        if "routes" in changes:
            check_routes(conn, row["id"], changes["routes"])

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        if interface_ports(conn, row["id"]):
            raise E.in_use(f"Router {row['id']} still has ports", "RouterInUse")
        clear_gateway(cloud, conn, row)
        conn.execute(t.routers.delete().where(t.routers.c.id == row["id"]))


def check_routes(conn: Connection, router_id: str, routes: list[dict[str, str]]) -> None:
    """Neutron's extraroute: a nexthop must lie on a subnet of any of the router's ports, its gateway
    port included (the SDK's test routes via the external subnet)."""
    a = t.ip_allocations.c
    cidrs = conn.execute(sa.select(t.subnets.c.cidr).join(t.ip_allocations, a.subnet_id == t.subnets.c.id)
                         .join(t.ports, t.ports.c.id == a.port_id).where(t.ports.c.device_id == router_id)).scalars()
    nets = [netaddr.IPNetwork(cidr) for cidr in cidrs]
    for route in routes:
        hop = netaddr.IPAddress(route["nexthop"])
        if not any(hop in n for n in nets):
            raise E.bad(f"Invalid format for routes: {routes}, the nexthop is not connected with router",
                        "InvalidRoutes")


def set_gateway(cloud: Cloud, conn: Connection, row: dict[str, Any], info: dict[str, Any] | None,
                caller: Context | None) -> None:
    if not info:
        clear_gateway(cloud, conn, row)
        return
    admin = base.is_admin(caller)
    for key in ("enable_snat", "external_fixed_ips"):
        if key in info and not admin:
            raise E.policy(f"update_router:external_gateway_info:{key}")
    network = base.get_visible(conn, NETWORKS, info["network_id"], caller) if caller is not None else \
        dict(conn.execute(sa.select(t.networks).where(t.networks.c.id == info["network_id"])).one()._mapping)
    if not network["external"]:
        raise E.bad(f"Bad router request: Network {network['id']} is not an external network.", "BadRequest")
    snat = info.get("enable_snat", True)
    qos_id = info.get("qos_policy_id")
    if qos_id is not None:  # qos-gateway-ip: a policy the caller may use
        base.get_visible(conn, QOS_POLICIES, qos_id, caller)
    if row["gw_network_id"] == network["id"] and "external_fixed_ips" not in info:
        conn.execute(t.routers.update().where(t.routers.c.id == row["id"]).values(
            enable_snat=snat, gw_qos_policy_id=qos_id))
        return
    clear_gateway(cloud, conn, row)
    fixed = info.get("external_fixed_ips")
    port_id = ports.create_port(cloud, conn, {
        "network_id": network["id"], "project_id": "", "name": "", "device_id": row["id"],
        "device_owner": GATEWAY, "admin_state_up": True, "fixed_ips": fixed or None,
        "binding:host_id": NETWORK_NODE, "binding:vnic_type": "normal"}, None)
    conn.execute(t.routers.update().where(t.routers.c.id == row["id"]).values(
        gw_port_id=port_id, gw_network_id=network["id"], enable_snat=snat, gw_qos_policy_id=qos_id))


def clear_gateway(cloud: Cloud, conn: Connection, row: dict[str, Any]) -> None:
    if not row.get("gw_network_id"):
        return
    if conn.execute(sa.select(t.floating_ips.c.id).where(t.floating_ips.c.router_id == row["id"]).limit(1)).first():
        raise E.in_use(f"Gateway cannot be updated for router {row['id']}, since a gateway to external network "
                       f"{row['gw_network_id']} is required by one or more floating IPs.",
                       "RouterExternalGatewayInUseByFloatingIp")
    if row.get("gw_port_id"):
        ports.delete_port(cloud, conn, row["gw_port_id"])
    conn.execute(t.routers.update().where(t.routers.c.id == row["id"]).values(
        gw_port_id=None, gw_network_id=None, enable_snat=True, gw_qos_policy_id=None))


# -- interfaces -------------------------------------------------------------------------------------
def add_interface(cloud: Cloud, conn: Connection, row: dict[str, Any], body: Any,
                  caller: Context | None) -> dict[str, Any]:
    if not isinstance(body, dict) or not (body.get("subnet_id") or body.get("port_id")):
        raise E.bad("Bad router request: Either subnet_id or port_id must be specified.", "BadRequest")
    if body.get("subnet_id") and body.get("port_id"):
        raise E.bad("Bad router request: Cannot specify both subnet-id and port-id.", "BadRequest")
    existing = interface_subnets(conn, row["id"])
    if body.get("port_id"):
        port = base.get_visible(conn, ports.PORTS, body["port_id"], caller)
        if port["device_id"] or port["device_owner"]:
            raise E.in_use(f"Unable to complete operation on port {port['id']} for network {port['network_id']}. "
                           f"Port already has an attached device {port['device_id']}.", "PortInUse")
        ips = ports.fixed_ips_for(conn, [port["id"]])[port["id"]]
        if not ips:
            raise E.bad("Bad router request: Router port must have at least one fixed IP.", "BadRequest")
        subnet_ids = [ip["subnet_id"] for ip in ips]
        new = [dict(r._mapping) for r in conn.execute(sa.select(t.subnets).where(t.subnets.c.id.in_(subnet_ids)))]
        _check_overlap(row["id"], existing, new)
        conn.execute(t.ports.update().where(t.ports.c.id == port["id"]).values(
            device_id=row["id"], device_owner=INTERFACE, binding_host_id=NETWORK_NODE, status="ACTIVE",
            updated_at=cloud.clock.now(), revision_number=t.ports.c.revision_number + 1))
        conn.execute(t.port_security_groups.delete().where(t.port_security_groups.c.port_id == port["id"]))
        port_id, network_id = port["id"], port["network_id"]
    else:
        subnet = base.get_visible(conn, subnets.SUBNETS, body["subnet_id"], caller)
        if not subnet["gateway_ip"]:
            raise E.bad(f"Bad router request: Subnet {subnet['id']} does not have a gateway IP.", "BadRequest")
        if any(s["id"] == subnet["id"] for s in existing):
            raise E.bad(f"Bad router request: Router already has a port on subnet {subnet['id']}.", "BadRequest")
        _check_overlap(row["id"], existing, [subnet])
        network = dict(conn.execute(sa.select(t.networks)
                                    .where(t.networks.c.id == subnet["network_id"])).one()._mapping)
        if network["external"] and network["project_id"] != row["project_id"] and not base.is_admin(caller):
            raise E.bad(f"Bad router request: Router {row['id']} cannot attach to external network.", "BadRequest")
        taken = conn.execute(sa.select(t.ip_allocations.c.port_id).where(
            t.ip_allocations.c.network_id == subnet["network_id"],
            t.ip_allocations.c.ip_address == subnet["gateway_ip"])).first()
        if taken is not None:
            raise E.in_use(f"Unable to complete operation for network {subnet['network_id']}. The IP address "
                           f"{subnet['gateway_ip']} is in use.", "IpAddressInUse")
        port_id = ports.create_port(cloud, conn, {
            "network_id": subnet["network_id"], "project_id": subnet["project_id"], "name": "",
            "device_id": row["id"], "device_owner": INTERFACE, "admin_state_up": True,
            "fixed_ips": [{"subnet_id": subnet["id"], "ip_address": subnet["gateway_ip"]}],
            "binding:host_id": NETWORK_NODE, "binding:vnic_type": "normal"}, None)
        subnet_ids, network_id = [subnet["id"]], subnet["network_id"]
    base.bump(cloud, conn, t.routers, row["id"])
    return {"id": row["id"], "tenant_id": row["project_id"], "project_id": row["project_id"], "port_id": port_id,
            "network_id": network_id, "subnet_id": subnet_ids[0], "subnet_ids": subnet_ids}


def _check_overlap(router_id: str, existing: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    for n in new:
        a = netaddr.IPNetwork(n["cidr"])
        for e in existing:
            b = netaddr.IPNetwork(e["cidr"])
            if a.version == b.version and a.first <= b.last and b.first <= a.last:
                raise E.bad(f"Bad router request: Cidr {a} of subnet {n['id']} overlaps with cidr {b} of subnet "
                            f"{e['id']}.", "BadRequest")


def remove_interface(cloud: Cloud, conn: Connection, row: dict[str, Any], body: Any,
                     caller: Context | None) -> dict[str, Any]:
    if not isinstance(body, dict) or not (body.get("subnet_id") or body.get("port_id")):
        raise E.bad("Bad router request: Either subnet_id or port_id must be specified.", "BadRequest")
    attached = interface_subnets(conn, row["id"])
    if body.get("port_id"):
        port_id = body["port_id"]
        mine = [s for s in attached if s["_port_id"] == port_id]
        if not mine:
            raise E.not_found("RouterInterface", port_id, f"Router {row['id']} does not have an interface with "
                              f"id {port_id}")
        if body.get("subnet_id") and all(s["id"] != body["subnet_id"] for s in mine):
            raise E.in_use(f"Subnet {body['subnet_id']} is not on port {port_id}.", "SubnetMismatchForPort")
    else:
        mine = [s for s in attached if s["id"] == body["subnet_id"]]
        if not mine:
            raise E.not_found("RouterInterfaceForSubnet", body["subnet_id"], f"Router {row['id']} has no interface "
                              f"on subnet {body['subnet_id']}")
        port_id = mine[0]["_port_id"]
    for s in mine:
        _check_fips_need(conn, row["id"], s)
    network_id = mine[0]["network_id"]
    ports.delete_port(cloud, conn, port_id)
    remaining = [s for s in attached if s["_port_id"] != port_id]
    routes = conn.execute(sa.select(t.routers.c.routes).where(t.routers.c.id == row["id"])).scalar() or []
    nets = [netaddr.IPNetwork(s["cidr"]) for s in remaining]
    for route in routes:
        if not any(netaddr.IPAddress(route["nexthop"]) in n for n in nets):
            raise E.in_use(f"Router interface for subnet {mine[0]['id']} on router {row['id']} cannot be deleted, "
                           "as it is required by one or more routes.", "RouterInterfaceInUseByRoute")
    base.bump(cloud, conn, t.routers, row["id"])
    subnet_ids = [s["id"] for s in mine]
    return {"id": row["id"], "tenant_id": row["project_id"], "project_id": row["project_id"], "port_id": port_id,
            "network_id": network_id, "subnet_id": subnet_ids[0], "subnet_ids": subnet_ids}


def _check_fips_need(conn: Connection, router_id: str, subnet: dict[str, Any]) -> None:
    net = netaddr.IPNetwork(subnet["cidr"])
    for (fixed,) in conn.execute(sa.select(t.floating_ips.c.fixed_ip_address).where(
            t.floating_ips.c.router_id == router_id)):
        if fixed and netaddr.IPAddress(fixed) in net:
            raise E.in_use(f"Router interface for subnet {subnet['id']} on router {router_id} cannot be deleted, as "
                           "it is required by one or more floating IPs.", "RouterInterfaceInUseByFloatingIP")


ROUTERS = Resource(
    "router", "routers", t.routers, routers_schema.ATTRIBUTES,
    RouterOps(), kind="Router", not_found="Router {id} could not be found", quota="router",
)


def change_extraroutes(cloud: Cloud, conn: Connection, row: dict[str, Any], routes: list[dict[str, str]],
                       add: bool) -> None:
    """add_extraroutes/remove_extraroutes: merge routes into the router's, or take them out."""
    current = list(row["routes"] or [])
    if add:
        check_routes(conn, row["id"], routes)
        current += [r for r in routes if r not in current]
    else:
        current = [r for r in current if r not in routes]
    base.bump(cloud, conn, t.routers, row["id"], {"routes": current})
