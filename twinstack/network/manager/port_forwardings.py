"""Floating IP port forwardings (floating-ip-port-forwarding): a TCP/UDP port of an unassociated floating
IP forwarded to a fixed IP of a port behind a router, nested under ``/floatingips/{id}``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.ids import uuid_str
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base, ports

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def view(row: Any) -> dict[str, Any]:
    return {"id": row.id, "internal_port_id": row.internal_port_id, "internal_ip_address": row.internal_ip_address,
            "internal_port": row.internal_port, "external_port": row.external_port, "protocol": row.protocol,
            "description": row.description}


def for_floating_ips(conn: Connection, fip_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in fip_ids}
    if fip_ids:
        for row in conn.execute(sa.select(t.port_forwardings).where(t.port_forwardings.c.floatingip_id.in_(fip_ids))):
            out[row.floatingip_id].append(view(row))
    return out


def get(conn: Connection, fip_id: str, pf_id: str) -> Any:
    row = conn.execute(sa.select(t.port_forwardings).where(t.port_forwardings.c.id == pf_id,
                                                           t.port_forwardings.c.floatingip_id == fip_id)).first()
    if row is None:
        raise E.not_found("PortForwarding", pf_id, f"Port Forwarding {pf_id} could not be found.")
    return row


def _check(conn: Connection, fip: dict[str, Any], data: dict[str, Any], caller: Context | None) -> dict[str, Any]:
    """The floating IP has no port; the internal address is a fixed IPv4 of the port, on a subnet a router
    joins to the floating IP's network: the router's id."""
    if fip["port_id"]:
        raise E.in_use(f"Floating IP {fip['id']} is associated with port {fip['port_id']}: it cannot also forward "
                       "ports.", "FipInUseByPortForwarding")
    port = base.get_visible(conn, ports.PORTS, data["internal_port_id"], caller)
    addresses = [i for i in ports.fixed_ips_for(conn, [port["id"]])[port["id"]] if "." in i["ip_address"]]
    chosen = [i for i in addresses if i["ip_address"] == data["internal_ip_address"]]
    if not chosen:
        raise E.bad(f"Bad port forwarding request: {data['internal_ip_address']} is not a fixed IPv4 address of "
                    f"port {port['id']}.", "BadRequest")
    a = t.ip_allocations.c
    router = conn.execute(sa.select(t.routers.c.id).join(t.ports, sa.and_(
        t.ports.c.device_id == t.routers.c.id, t.ports.c.device_owner == "network:router_interface"))
        .join(t.ip_allocations, a.port_id == t.ports.c.id)
        .where(t.routers.c.gw_network_id == fip["floating_network_id"], a.subnet_id == chosen[0]["subnet_id"])
        .limit(1)).first()
    if router is None:
        raise E.not_found("ExternalGatewayForFloatingIP", port["id"],
                          f"External network {fip['floating_network_id']} is not reachable from subnet "
                          f"{chosen[0]['subnet_id']}.  Therefore, cannot associate Port {port['id']} with a "
                          "Floating IP.")
    return {"router_id": router[0]}


def _write(conn: Connection, query: Any) -> None:
    try:
        with conn.begin_nested():
            conn.execute(query)
    except sa.exc.IntegrityError:
        raise E.in_use("A port forwarding with this external port and protocol already exists on the floating "
                       "IP.", "PortForwardingExists") from None


def create(cloud: Cloud, conn: Connection, fip: dict[str, Any], data: dict[str, Any], caller: Context | None) -> Any:
    extra = _check(conn, fip, data, caller)
    new_id = uuid_str()
    _write(conn, t.port_forwardings.insert().values(id=new_id, floatingip_id=fip["id"], **{"description": "", **data}))
    base.bump(cloud, conn, t.floating_ips, fip["id"], extra)
    return conn.execute(sa.select(t.port_forwardings).where(t.port_forwardings.c.id == new_id)).one()


def update(cloud: Cloud, conn: Connection, fip: dict[str, Any], pf_id: str, data: dict[str, Any],
           caller: Context | None) -> Any:
    row = get(conn, fip["id"], pf_id)
    _check(conn, fip, {**view(row), **data}, caller)
    _write(conn, t.port_forwardings.update().where(t.port_forwardings.c.id == row.id).values(**data))
    base.bump(cloud, conn, t.floating_ips, fip["id"])
    return get(conn, fip["id"], row.id)


def delete(cloud: Cloud, conn: Connection, fip: dict[str, Any], pf_id: str) -> None:
    """Delete one; the floating IP leaves its router with its last forwarding."""
    get(conn, fip["id"], pf_id)
    conn.execute(t.port_forwardings.delete().where(t.port_forwardings.c.id == pf_id))
    left = conn.execute(sa.select(t.port_forwardings.c.id).where(
        t.port_forwardings.c.floatingip_id == fip["id"]).limit(1)).first()
    base.bump(cloud, conn, t.floating_ips, fip["id"], None if left else {"router_id": None})
