"""Port forwardings of a floating IP: the routes, body checks and thin handlers; the domain is
``manager/port_forwardings.py``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from twinstack.core.pipeline import Handler, Req, empty, json_response
from twinstack.network import errors as E
from twinstack.network.manager import base
from twinstack.network.manager import port_forwardings as forwardings
from twinstack.network.manager.floating_ips import FLOATING_IPS

_FIELDS = {"internal_port_id", "internal_ip_address", "internal_port", "external_port", "protocol", "description"}


def _fip(req: Req, conn: Connection, write: bool) -> dict[str, Any]:
    row = base.get_visible(conn, FLOATING_IPS, req.params["fip"], req.context)
    if write:
        base.authorize_owner(req.cloud, req.context, "update_floatingip", row)
    return row


def _port_number(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise E.bad(f"Invalid input for {name}. Reason: '{value}' is not a valid port number.", "HTTPBadRequest")
    return value


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


async def list_forwardings(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        fip = _fip(req, conn, False)
        return {"port_forwardings": forwardings.for_floating_ips(conn, [fip["id"]])[fip["id"]]}


async def create_forwarding(req: Req) -> Any:
    data = _body(await req.json(), True)
    with req.cloud.store.begin() as conn:
        fip = _fip(req, conn, True)
        row = forwardings.create(req.cloud, conn, fip, data, req.context)
    return json_response({"port_forwarding": forwardings.view(row)}, 201)


async def show_forwarding(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        fip = _fip(req, conn, False)
        return {"port_forwarding": forwardings.view(forwardings.get(conn, fip["id"], req.params["id"]))}


async def update_forwarding(req: Req) -> Any:
    data = _body(await req.json(), False)
    with req.cloud.store.begin() as conn:
        fip = _fip(req, conn, True)
        row = forwardings.update(req.cloud, conn, fip, req.params["id"], data, req.context)
        return {"port_forwarding": forwardings.view(row)}


async def delete_forwarding(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        fip = _fip(req, conn, True)
        forwardings.delete(req.cloud, conn, fip, req.params["id"])
    return empty(204)


ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/v2.0/floatingips/{fip}/port_forwardings", {"GET": list_forwardings, "POST": create_forwarding}),
    ("/v2.0/floatingips/{fip}/port_forwardings/{id}", {"GET": show_forwarding, "PUT": update_forwarding,
                                                        "DELETE": delete_forwarding}),
]
