"""Floating IP port forwardings: the HTTP routes and thin handlers; the domain is ``manager/port_forwardings.py``."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base
from twinstack.network.manager.port_forwardings import for_floating_ips, view


_FIELDS = {"internal_port_id", "internal_ip_address", "internal_port", "external_port", "protocol", "description"}


def _fip(req: Req, conn: Connection, write: bool) -> dict[str, Any]:
    from twinstack.network.manager.floating_ips import FLOATING_IPS

    row = base.get_visible(conn, FLOATING_IPS, req.params["fip"], req.context)
    if write:
        base.authorize_owner(req.cloud, req.context, "update_floatingip", row)
    return row


def _port_number(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise E.bad(f"Invalid input for {name}. Reason: '{value}' is not a valid port number.", "HTTPBadRequest")
    return value


def _check(req: Req, conn: Connection, fip: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    from twinstack.network.manager.ports import PORTS, fixed_ips_for

    if fip["port_id"]:
        raise E.in_use(f"Floating IP {fip['id']} is associated with port {fip['port_id']}: it cannot also forward "
                       "ports.", "FipInUseByPortForwarding")
    port = base.get_visible(conn, PORTS, data["internal_port_id"], req.context)
    addresses = [i for i in fixed_ips_for(conn, [port["id"]])[port["id"]] if "." in i["ip_address"]]
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


def _body(raw: Any, create: bool) -> dict[str, Any]:
    if not isinstance(raw, dict) or not isinstance(raw.get("port_forwarding"), dict):
        raise E.bad("Failed to parse request. Resource body required: 'port_forwarding'.", "HTTPBadRequest")
    data = dict(raw["port_forwarding"])
    unknown = set(data) - _FIELDS
    if unknown:
        raise E.bad(f"Unrecognized attribute(s) '{', '.join(sorted(unknown))}'", "HTTPBadRequest")
    if create:
        for name in ("internal_port_id", "internal_ip_address", "internal_port", "external_port", "protocol"):
            if name not in data:
                raise E.bad(f"Failed to parse request. Required attribute '{name}' not specified", "HTTPBadRequest")
    for name in ("internal_port", "external_port"):
        if name in data:
            data[name] = _port_number(name, data[name])
    if "protocol" in data and data["protocol"] not in ("tcp", "udp"):
        raise E.bad(f"Invalid input for protocol. Reason: '{data['protocol']}' is not in ['tcp', 'udp'].",
                    "HTTPBadRequest")
    for name in ("internal_port_id", "internal_ip_address", "description"):
        if name in data and not isinstance(data[name], str):
            raise E.bad(f"Invalid input for {name}. Reason: '{data[name]}' is not a valid string.", "HTTPBadRequest")
    return data


def _write(conn: Connection, query: Any) -> None:
    try:
        with conn.begin_nested():
            conn.execute(query)
    except sa.exc.IntegrityError:
        raise E.in_use("A port forwarding with this external port and protocol already exists on the floating "
                       "IP.", "PortForwardingExists") from None


async def list_forwardings(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        fip = _fip(req, conn, False)
        return {"port_forwardings": for_floating_ips(conn, [fip["id"]])[fip["id"]]}


async def create_forwarding(req: Req) -> Any:
    data = _body(await req.json(), True)
    with req.cloud.store.begin() as conn:
        fip = _fip(req, conn, True)
        extra = _check(req, conn, fip, data)
        new_id = uuid_str()
        _write(conn, t.port_forwardings.insert().values(id=new_id, floatingip_id=fip["id"],
                                                        **{"description": "", **data}))
        base.bump(req.cloud, conn, t.floating_ips, fip["id"], extra)
        row = conn.execute(sa.select(t.port_forwardings).where(t.port_forwardings.c.id == new_id)).one()
    return json_response({"port_forwarding": view(row)}, 201)


def _get(conn: Connection, fip_id: str, pf_id: str) -> Any:
    row = conn.execute(sa.select(t.port_forwardings).where(t.port_forwardings.c.id == pf_id,
                                                           t.port_forwardings.c.floatingip_id == fip_id)).first()
    if row is None:
        raise E.not_found("PortForwarding", pf_id, f"Port Forwarding {pf_id} could not be found.")
    return row


async def show_forwarding(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        fip = _fip(req, conn, False)
        return {"port_forwarding": view(_get(conn, fip["id"], req.params["id"]))}


async def update_forwarding(req: Req) -> Any:
    data = _body(await req.json(), False)
    with req.cloud.store.begin() as conn:
        fip = _fip(req, conn, True)
        row = _get(conn, fip["id"], req.params["id"])
        merged = {**view(row), **data}
        _check(req, conn, fip, merged)
        _write(conn, t.port_forwardings.update().where(t.port_forwardings.c.id == row.id).values(**data))
        base.bump(req.cloud, conn, t.floating_ips, fip["id"])
        return {"port_forwarding": view(_get(conn, fip["id"], row.id))}


async def delete_forwarding(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        fip = _fip(req, conn, True)
        _get(conn, fip["id"], req.params["id"])
        conn.execute(t.port_forwardings.delete().where(t.port_forwardings.c.id == req.params["id"]))
        left = conn.execute(sa.select(t.port_forwardings.c.id).where(
            t.port_forwardings.c.floatingip_id == fip["id"]).limit(1)).first()
        base.bump(req.cloud, conn, t.floating_ips, fip["id"], None if left else {"router_id": None})
    return empty(204)


ROUTES = [
    ("/v2.0/floatingips/{fip}/port_forwardings", {"GET": list_forwardings, "POST": create_forwarding}),
    ("/v2.0/floatingips/{fip}/port_forwardings/{id}", {"GET": show_forwarding, "PUT": update_forwarding,
                                                        "DELETE": delete_forwarding}),
]
