"""Floating IPs: an address on an external network (held by a network:floatingip port), associated
with a port's fixed IP through a router that joins the port's subnet to that external network."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.ids import uuid_str
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base, external_dns, port_forwardings, ports, qos, subnets
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.manager.networks import NETWORKS
from twinstack.network.schemas import floating_ips as floating_ips_schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


OWNER = "network:floatingip"


class FloatingIPOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        return t.floating_ips.c.project_id == (caller.project_id if caller else None)

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        port_ids = [r["port_id"] for r in rows if r["port_id"]]
        details: dict[str, dict[str, Any]] = {}
        if port_ids:
            for p in conn.execute(sa.select(t.ports).where(t.ports.c.id.in_(port_ids))):
                details[p.id] = {"name": p.name, "network_id": p.network_id, "mac_address": p.mac_address,
                                 "admin_state_up": p.admin_state_up, "status": p.status, "device_id": p.device_id,
                                 "device_owner": p.device_owner}
        forwardings = port_forwardings.for_floating_ips(conn, [r["id"] for r in rows])
        for r in rows:
            r["port_details"] = details.get(r["port_id"]) if r["port_id"] else None
            r["port_forwardings"] = forwardings[r["id"]]

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        network = base.get_visible(conn, NETWORKS, values["floating_network_id"], caller)
        qos.check_policy(conn, values.get("qos_policy_id"), caller)
        if not network["external"]:
            raise E.bad(f"Bad floatingip request: Network {network['id']} is not a valid external network.",
                        "BadRequest")
        fip_id = values.get("id") or uuid_str()
        fixed: list[dict[str, Any]] = []
        subnet_id = values.pop("subnet_id", None)
        address = values.get("floating_ip_address")
        if subnet_id:
            subnet = base.get_visible(conn, subnets.SUBNETS, subnet_id, None)
            if subnet["network_id"] != network["id"]:
                raise E.bad(f"Bad floatingip request: subnet {subnet_id} is not on network {network['id']}.",
                            "BadRequest")
            fixed = [{"subnet_id": subnet_id} if address is None else {"subnet_id": subnet_id, "ip_address": address}]
        elif address is not None:
            fixed = [{"ip_address": address}]
        port_id = ports.create_port(cloud, conn, {
            "network_id": network["id"], "project_id": "", "name": "", "device_id": fip_id, "device_owner": OWNER,
            "admin_state_up": True, "fixed_ips": fixed or None, "binding:host_id": "", "binding:vnic_type": "normal"},
            None) if fixed else _v4_port(cloud, conn, network["id"], fip_id)
        ip = ports.fixed_ips_for(conn, [port_id])[port_id]
        v4 = [i for i in ip if netaddr.IPAddress(i["ip_address"]).version == 4] or ip
        values.update(id=fip_id, floating_port_id=port_id, floating_ip_address=v4[0]["ip_address"], status="DOWN")
        association = _association(conn, values, values.get("port_id"), values.get("fixed_ip_address"), caller)
        values.update(association)
        fip_id = base.insert_row(cloud, conn, FLOATING_IPS, values)
        external_dns.floating_ip_created(cloud, conn, values)
        return fip_id

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        if changes.get("qos_policy_id"):
            qos.check_policy(conn, changes["qos_policy_id"], caller)
        if "port_id" not in changes and "fixed_ip_address" in changes:
            changes["port_id"] = row["port_id"]
        if changes.get("port_id") and conn.execute(sa.select(t.port_forwardings.c.id).where(
                t.port_forwardings.c.floatingip_id == row["id"]).limit(1)).first() is not None:
            raise E.in_use(f"Floating IP {row['id']} has port forwardings: it cannot also be associated with a port.",
                           "FipInUseByPortForwarding")
        if "port_id" in changes:
            changes.update(_association(conn, row, changes.get("port_id"), changes.get("fixed_ip_address"), caller))
            cols = {k: changes.pop(k) for k in ("router_id", "status") if k in changes}
            conn.execute(t.floating_ips.update().where(t.floating_ips.c.id == row["id"]).values(**cols))

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        external_dns.floating_ip_deleting(cloud, conn, row)
        conn.execute(t.floating_ips.delete().where(t.floating_ips.c.id == row["id"]))
        ports.delete_port(cloud, conn, row["floating_port_id"])


def _v4_port(cloud: Cloud, conn: Connection, network_id: str, fip_id: str) -> str:
    port_id = base.insert_row(cloud, conn, ports.PORTS, {
        "network_id": network_id, "project_id": "", "name": "", "device_id": fip_id, "device_owner": OWNER,
        "admin_state_up": True, "mac_address": ports._new_mac(cloud, conn, network_id), "status": "N/A",
        "binding:host_id": "", "binding:vnic_type": "normal", "binding:profile": {}, "allowed_address_pairs": [],
        "port_security_enabled": False, "dns_name": ""})
    mac = conn.execute(sa.select(t.ports.c.mac_address).where(t.ports.c.id == port_id)).scalar()
    ports.allocate(conn, port_id, network_id, str(mac), None, ipv4_only=True, device_owner=OWNER)
    if not ports.fixed_ips_for(conn, [port_id])[port_id]:
        raise E.ip_generation_failure(network_id)
    return port_id


def _association(conn: Connection, fip: dict[str, Any], port_id: str | None, fixed_ip: str | None,
                 caller: Context | None) -> dict[str, Any]:
    """Where a floating IP points: the port, its fixed IP and the router that reaches it."""
    if port_id is None:
        return {"port_id": None, "fixed_ip_address": None, "router_id": None, "status": "DOWN"}
    port = base.get_visible(conn, ports.PORTS, port_id, caller)
    if caller is not None and not caller.is_admin and port["project_id"] != fip["project_id"]:
        raise E.not_found("Port", port_id)
    ips = [i for i in ports.fixed_ips_for(conn, [port_id])[port_id] if netaddr.IPAddress(i["ip_address"]).version == 4]
    if fixed_ip is not None:
        chosen = [i for i in ips if i["ip_address"] == fixed_ip]
        if not chosen:
            raise E.bad(f"Bad floatingip request: Port {port_id} does not have fixed ip {fixed_ip}.", "BadRequest")
    else:
        if not ips:
            raise E.bad(f"Bad floatingip request: Port {port_id} does not have any IPv4 address. Cannot have "
                        "floating IP.", "BadRequest")
        if len(ips) > 1:
            raise E.bad(f"Bad floatingip request: Port {port_id} has multiple fixed IPv4 addresses. Must provide a "
                        "specific IPv4 address when assigning a floating IP.", "BadRequest")
        chosen = ips
    fixed = chosen[0]
    other = conn.execute(sa.select(t.floating_ips.c.id).where(
        t.floating_ips.c.port_id == port_id, t.floating_ips.c.fixed_ip_address == fixed["ip_address"],
        t.floating_ips.c.id != fip.get("id"))).first()
    if other is not None:
        raise E.in_use(f"Cannot associate floating IP {fip.get('floating_ip_address')} ({fip.get('id')}) with port "
                       f"{port_id} using fixed IP {fixed['ip_address']}, as that fixed IP already has a floating IP on "
                       f"external network {fip['floating_network_id']}.", "FloatingIPPortAlreadyAssociated")
    a = t.ip_allocations.c
    router = conn.execute(sa.select(t.routers.c.id).join(t.ports, sa.and_(
        t.ports.c.device_id == t.routers.c.id, t.ports.c.device_owner == "network:router_interface"))
        .join(t.ip_allocations, a.port_id == t.ports.c.id)
        .where(t.routers.c.gw_network_id == fip["floating_network_id"], a.subnet_id == fixed["subnet_id"])
        .order_by(t.routers.c.created_at).limit(1)).first()
    if router is None:
        raise E.not_found("ExternalGatewayForFloatingIP", port_id,
                          f"External network {fip['floating_network_id']} is not reachable from subnet "
                          f"{fixed['subnet_id']}.  Therefore, cannot associate Port {port_id} with a Floating IP.")
    return {"port_id": port_id, "fixed_ip_address": fixed["ip_address"], "router_id": router[0], "status": "ACTIVE"}


def pools(conn: Connection, caller: Context | None) -> list[dict[str, Any]]:
    """floatingip-pools (l3_fip_pools_db): each IPv4 subnet of the external networks the caller sees, whoever
    owns the subnet, with the caller's project as ``project_id``."""
    project_id = caller.project_id if caller else None
    external = base.visible_query(NETWORKS, caller).where(t.networks.c.external.is_(True))
    c = t.subnets.c
    rows = conn.execute(sa.select(c.id, c.name, c.network_id, c.cidr).where(
        c.network_id.in_(external.with_only_columns(t.networks.c.id)), c.ip_version == 4).order_by(c.id))
    return [{"subnet_id": r.id, "subnet_name": r.name, "network_id": r.network_id, "cidr": r.cidr,
             "project_id": project_id, "tenant_id": project_id} for r in rows]


FLOATING_IPS = Resource(
    "floatingip", "floatingips", t.floating_ips, floating_ips_schema.ATTRIBUTES,
    FloatingIPOps(), kind="Floating IP", error_type="FloatingIP", not_found="Floating IP {id} could not be found",
    quota="floatingip", named=False,
)
