"""Nova's floating IP proxy (``/os-floating-ips``, ``/os-floating-ip-pools``, the addFloatingIp /
removeFloatingIp actions, gone from 2.36/2.44): as Nova asks Neutron, through ``network/local.py``."""

from __future__ import annotations

import ipaddress
import uuid
from typing import Any

from twinstack.compute.api.resources_common import removed_at
from twinstack.compute.api.security_groups import call_neutron
from twinstack.compute.manager import instances as inst
from twinstack.compute.schemas import floating_ips as schemas
from twinstack.compute.views import webob_empty
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate
from twinstack.network import local as network


def _networks(req: Req) -> dict[str, str]:
    return {n["id"]: n["name"] for n in call_neutron(req, network.external_networks)}


def _view(req: Req, fip: dict[str, Any], pools: dict[str, str]) -> dict[str, Any]:
    instance_id = None
    if fip.get("port_id"):
        port = call_neutron(req, network.show_port, fip["port_id"])
        instance_id = port.get("device_id") or None
    return {"id": fip["id"], "ip": fip["floating_ip_address"], "fixed_ip": fip.get("fixed_ip_address"),
            "instance_id": instance_id, "pool": pools.get(fip["floating_network_id"], fip["floating_network_id"])}


async def pools(req: Req) -> Any:
    return {"floating_ip_pools": [{"name": name} for name in _networks(req).values()]}


async def index(req: Req) -> Any:
    fips = call_neutron(req, network.list_floating_ips, req.context.project_id)
    nets = _networks(req)
    return {"floating_ips": [_view(req, f, nets) for f in fips]}


def _check_id(req: Req, value: str) -> None:
    """Nova's InvalidID: a floating IP id that is no uuid is a 400, before Neutron is asked."""
    removed_at(req, 2, 36)
    try:
        uuid.UUID(value)
    except ValueError:
        raise ApiError(400, f"Invalid ID received {value}.") from None


async def show(req: Req) -> Any:
    _check_id(req, req.params["fip_id"])
    try:
        fip = call_neutron(req, network.show_floating_ip, req.params["fip_id"])
    except ApiError as err:
        raise ApiError(404, f"Floating IP not found for ID {req.params['fip_id']}") from err
    return {"floating_ip": _view(req, fip, _networks(req))}


async def create(req: Req) -> Any:
    body = await req.json(required=False) or {}
    pool = body.get("pool") if isinstance(body, dict) else None
    nets = _networks(req)
    if pool:
        matches = [i for i, n in nets.items() if pool in (i, n)]
        if not matches:
            raise ApiError(404, "Floating IP pool not found.", "FloatingIpPoolNotFound")
        net_id = matches[0]
    elif nets:
        net_id = next(iter(nets))
    else:
        raise ApiError(404, "No more floating IPs available.", "NoMoreFloatingIps")
    fip = call_neutron(req, network.create_floating_ip, net_id)
    return {"floating_ip": _view(req, fip, nets)}


async def delete(req: Req) -> Any:
    _check_id(req, req.params["fip_id"])
    try:
        call_neutron(req, network.delete_floating_ip, req.params["fip_id"])
    except ApiError as err:
        raise ApiError(404, f"Floating IP not found for ID {req.params['fip_id']}") from err
    return empty(202)


def _by_address(req: Req, address: str) -> dict[str, Any]:
    found = call_neutron(req, network.list_floating_ips, until=(2, 44), address=address)
    if not found:
        raise ApiError(404, "floating IP not found", "FloatingIpNotFoundForAddress")
    return dict(found[0])


def _action(req: Req, body: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """The actions are Nova's to 2.43 only: from 2.44 the method is not there (404)."""
    if req.at_least(2, 44):
        raise ApiError(404, f"API version {req.version} is not supported on this method.",
                       "VersionNotFoundForAPIMethod")
    return dict(validate(body, schema))


def _fixed_ips(ports: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(port id, address) of the server's fixed IPs, in Nova's network info order."""
    return [(p["id"], ip["ip_address"]) for p in ports for ip in p.get("fixed_ips") or []]


async def add_floating_ip(req: Req, server_id: str, body: Any) -> Any:
    args = _action(req, body, schemas.add_floating_ip)
    address = args["address"]
    with req.cloud.store.read() as conn:
        row = inst.get(conn, server_id, req.context)
    ports = call_neutron(req, network.list_ports, row["uuid"], until=(2, 44))
    if not ports:
        raise ApiError(400, "Instance network is not ready yet")
    fixed_ips = _fixed_ips(ports)
    if not fixed_ips:
        raise ApiError(400, "No fixed IPs associated to instance")
    fixed = args.get("fixed_address")
    if fixed:
        chosen = [(port, ip) for port, ip in fixed_ips if ip == fixed]
        if not chosen:
            raise ApiError(400, "Specified fixed address not assigned to instance")
    else:
        chosen = [(port, ip) for port, ip in fixed_ips if ipaddress.ip_address(ip).version == 4]
        if not chosen:
            raise ApiError(400, f"Unable to associate floating IP {address} to any fixed IPs for instance "
                                f"{server_id}. Instance has no fixed IPv4 addresses to associate.")
    port_id, fixed = chosen[0]
    fip = _by_address(req, address)
    call_neutron(req, network.update_floating_ip, fip["id"], {"port_id": port_id, "fixed_ip_address": fixed},
                 until=(2, 44))
    return webob_empty(202)


async def remove_floating_ip(req: Req, server_id: str, body: Any) -> Any:
    address = _action(req, body, schemas.remove_floating_ip)["address"]
    with req.cloud.store.read() as conn:
        row = inst.get(conn, server_id, req.context)
    fip = _by_address(req, address)
    port = call_neutron(req, network.show_port, fip["port_id"], until=(2, 44)) if fip.get("port_id") else {}
    if port.get("device_id") != row["uuid"]:
        raise ApiError(409, f"Floating IP {address} is not associated with instance {row['uuid']}.")
    call_neutron(req, network.update_floating_ip, fip["id"], {"port_id": None}, until=(2, 44))
    return webob_empty(202)
