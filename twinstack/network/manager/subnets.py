"""Subnets: CIDR validation and normalisation, gateway and allocation pools, overlap checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base, ipam, networks, rbac, segments, subnetpools
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.schemas import subnets as subnets_schema
from twinstack.network.schemas.subnets import UNSET

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


class SubnetOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        project = caller.project_id if caller else None
        shared = sa.select(t.networks.c.id).where(t.networks.c.shared.is_(True))
        return sa.or_(t.subnets.c.project_id == project, t.subnets.c.network_id.in_(shared),
                      t.subnets.c.network_id.in_(rbac.granted_networks(project, "access_as_shared")))

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        for r in rows:
            r["subnetpool_id"] = r.get("subnetpool_id")

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        network = base.get_visible(conn, networks.NETWORKS, values["network_id"], caller)
        if caller is not None and not caller.is_admin and network["project_id"] != caller.project_id:
            raise E.policy("create_subnet")
        segments.check_subnet_segment(conn, network["id"], values.get("segment_id"))
        _from_pool(conn, values, caller)
        net = ipam.parse_cidr(values["cidr"], values["ip_version"])
        version = net.version
        values["cidr"] = str(net)
        _check_modes(version, values.get("ipv6_ra_mode"), values.get("ipv6_address_mode"))
        for row in conn.execute(sa.select(t.subnets.c.id, t.subnets.c.cidr).where(
                t.subnets.c.network_id == network["id"])):
            if netaddr.IPNetwork(row.cidr).version == version and _overlaps(net, netaddr.IPNetwork(row.cidr)):
                raise E.invalid_input(f"Requested subnet with cidr: {net} for network: {network['id']} overlaps "
                                      "with another subnet")
        gateway = values.get("gateway_ip", UNSET)
        if gateway is UNSET:
            gateway = ipam.default_gateway(net)
        elif gateway is not None:
            gateway = _check_gateway(net, gateway)
        values["gateway_ip"] = gateway
        pools = values.get("allocation_pools")
        values["allocation_pools"] = ipam.default_pools(net, gateway) if pools is None \
            else ipam.check_pools(net, pools, gateway)
        values["dns_nameservers"] = _check_dns(values.get("dns_nameservers") or [])
        values["host_routes"] = _check_routes(values.get("host_routes") or [], version)
        values.pop("prefixlen", None)
        values.pop("use_default_subnetpool", None)
        return base.insert_row(cloud, conn, SUBNETS, values)

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        net = netaddr.IPNetwork(row["cidr"])
        gateway = row["gateway_ip"]
        if "gateway_ip" in changes:
            gateway = changes["gateway_ip"] = _check_gateway(net, changes["gateway_ip"]) \
                if changes["gateway_ip"] is not None else None
        if "allocation_pools" in changes:
            changes["allocation_pools"] = ipam.check_pools(net, changes["allocation_pools"], gateway)
            conn.execute(t.subnets.update().where(t.subnets.c.id == row["id"]).values(ipam_cursor=None))
        elif "gateway_ip" in changes and gateway is not None:
            ipam.check_pools(net, row["allocation_pools"], gateway)
        if "dns_nameservers" in changes:
            changes["dns_nameservers"] = _check_dns(changes["dns_nameservers"] or [])
        if "host_routes" in changes:
            changes["host_routes"] = _check_routes(changes["host_routes"] or [], net.version)

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        blocking = t.ports.c.device_owner.not_in(networks.AUTO_DELETE_OWNERS)
        if row["ip_version"] == 6 and AUTO_ADDRESS & {row.get("ipv6_address_mode"), row.get("ipv6_ra_mode")}:
            # an auto-address (SLAAC, stateless) subnet leaves its ports' addresses behind: only a router
            # interface holds it, as Neutron's delete_subnet decides
            blocking = t.ports.c.device_owner.like("network:router_interface%")
        used = conn.execute(sa.select(t.ip_allocations.c.port_id).join(
            t.ports, t.ports.c.id == t.ip_allocations.c.port_id).where(
            t.ip_allocations.c.subnet_id == row["id"], blocking).limit(1)).first()
        if used is not None:
            raise E.subnet_in_use(row["id"])
        conn.execute(t.ip_allocations.delete().where(t.ip_allocations.c.subnet_id == row["id"]))
        conn.execute(t.subnets.delete().where(t.subnets.c.id == row["id"]))


AUTO_ADDRESS = {"slaac", "dhcpv6-stateless"}


def _from_pool(conn: Connection, values: dict[str, Any], caller: Context | None) -> None:
    """Fill in ``cidr`` from the subnet pool asked for (subnet_allocation), or insist on one."""
    pool_id = values.get("subnetpool_id")
    prefixlen = values.get("prefixlen")
    pool = None
    if pool_id is None and values.get("use_default_subnetpool"):
        pool = subnetpools.default_pool(conn, values["ip_version"])
        if pool is None:
            raise E.bad(f"No default subnetpool found for IPv{values['ip_version']}", "BadRequest")
    elif pool_id is not None:
        pool = base.get_visible(conn, subnetpools.SUBNETPOOLS, pool_id, caller)
    if pool is None:
        if values.get("cidr") is None:
            raise E.bad("Bad subnets request: a cidr must be specified in the absence of a subnet pool.",
                        "BadRequest")
        if prefixlen is not None:
            raise E.bad("Bad subnets request: prefixlen is only valid with a subnet pool.", "BadRequest")
        return
    if pool["ip_version"] != values["ip_version"]:
        raise E.bad(f"Bad subnets request: ip_version {values['ip_version']} does not match subnet pool "
                    f"{pool['id']}.", "BadRequest")
    if values.get("cidr") is not None:
        ipam.parse_cidr(values["cidr"], values["ip_version"])
    values["cidr"] = subnetpools.carve(conn, pool, values.get("cidr"), prefixlen)
    values["subnetpool_id"] = pool["id"]


def _overlaps(a: netaddr.IPNetwork, b: netaddr.IPNetwork) -> bool:
    return a.first <= b.last and b.first <= a.last


def _check_gateway(net: netaddr.IPNetwork, value: Any) -> str:
    ip = ipam.parse_ip(value, "gateway_ip", net.version)
    if (net.version == 4 and net.prefixlen < 31 and int(ip) in (net.first, net.last)) or \
            (net.version == 6 and int(ip) == net.first and net.prefixlen < 127):
        raise E.bad("Invalid input for operation: Gateway is not valid on subnet.", "InvalidInput")
    return str(ip)


def _check_modes(version: int, ra: str | None, addr: str | None) -> None:
    if version == 4 and (ra or addr):
        raise E.invalid_input("ipv6_ra_mode or ipv6_address_mode cannot be set for an IPv4 subnet")
    if ra and addr and ra != addr:
        raise E.invalid_input(f"ipv6_ra_mode set to '{ra}' with ipv6_address_mode set to '{addr}' is not valid. "
                              "If both attributes are set, they must be the same value")


def _check_dns(servers: Any) -> list[str]:
    if not isinstance(servers, list):
        raise E.bad(f"Invalid input for dns_nameservers. Reason: '{servers}' is not a list.", "HTTPBadRequest")
    seen: list[str] = []
    for server in servers:
        ip = str(ipam.parse_ip(server, "dns_nameservers"))
        if ip in seen:
            raise E.bad(f"Invalid input for dns_nameservers. Reason: Duplicate nameserver '{server}'.",
                        "HTTPBadRequest")
        seen.append(ip)
    return [str(s) for s in servers]


def _check_routes(routes: Any, version: int) -> list[dict[str, str]]:
    if not isinstance(routes, list):
        raise E.bad(f"Invalid input for host_routes. Reason: '{routes}' is not a list.", "HTTPBadRequest")
    out = []
    for route in routes:
        if not isinstance(route, dict) or set(route) != {"destination", "nexthop"}:
            raise E.bad(f"Invalid input for host_routes. Reason: Invalid data format for hostroute: '{route}'.",
                        "HTTPBadRequest")
        dest = ipam.parse_cidr(str(netaddr.IPNetwork(route["destination"]).cidr)
                               if isinstance(route["destination"], str) and "/" in route["destination"]
                               else route["destination"], version)
        hop = ipam.parse_ip(route["nexthop"], "host_routes", version)
        item = {"destination": str(dest), "nexthop": str(hop)}
        if item in out:
            raise E.bad(f"Invalid input for host_routes. Reason: Duplicate hostroute '{route}'.", "HTTPBadRequest")
        out.append(item)
    return out


SUBNETS = Resource(
    "subnet",
    "subnets",
    t.subnets,
    subnets_schema.ATTRIBUTES,
    SubnetOps(),
    kind="Subnet",
    quota="subnet",
)
