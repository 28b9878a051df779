"""Nova's floating IP proxy (``/os-floating-ips``, ``/os-floating-ip-pools``, the addFloatingIp /
removeFloatingIp actions, gone from 2.36/2.44): as Nova asks Neutron, through ``network/local.py``."""

from __future__ import annotations

import uuid
from typing import Any

from twinstack.compute.api.resources_common import removed_at
from twinstack.compute.api.security_groups import call_neutron
from twinstack.compute.manager import instances as inst
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
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


async def add_floating_ip(req: Req, server_id: str, body: Any) -> Any:
    if req.at_least(2, 44) or not isinstance(body, dict) or not body.get("address"):
        raise ApiError(400, "Address not specified" if isinstance(body, dict) else "There is no such action: addFloatingIp")
    with req.cloud.store.read() as conn:
        row = inst.get(conn, server_id, req.context)
    fip = _by_address(req, str(body["address"]))
    ports = call_neutron(req, network.list_ports, row["uuid"], until=(2, 44))
    fixed = body.get("fixed_address")
    port = next((p for p in ports if not fixed or any(ip["ip_address"] == fixed for ip in p.get("fixed_ips", []))), None)
    if port is None:
        raise ApiError(400, "No nw_info cache associated with instance" if not ports else
                       "Specified fixed address not assigned to instance")
    update: dict[str, Any] = {"port_id": port["id"]}
    if fixed:
        update["fixed_ip_address"] = fixed
    call_neutron(req, network.update_floating_ip, fip["id"], update, until=(2, 44))
    return empty(202)


async def remove_floating_ip(req: Req, server_id: str, body: Any) -> Any:
    if req.at_least(2, 44) or not isinstance(body, dict) or not body.get("address"):
        raise ApiError(400, "Address not specified" if isinstance(body, dict) else "There is no such action: removeFloatingIp")
    with req.cloud.store.read() as conn:
        row = inst.get(conn, server_id, req.context)
    fip = _by_address(req, str(body["address"]))
    port = call_neutron(req, network.show_port, fip["port_id"], until=(2, 44)) if fip.get("port_id") else {}
    if port.get("device_id") != row["uuid"]:
        raise ApiError(409, f"Floating IP {body['address']} is not associated with instance {row['uuid']}.")
    call_neutron(req, network.update_floating_ip, fip["id"], {"port_id": None}, until=(2, 44))
    return empty(202)
