"""Nova's network proxies: floating IPs (``/os-floating-ips``, ``/os-floating-ip-pools``, the addFloatingIp /
removeFloatingIp actions, gone from 2.36/2.44): calls the Network API over HTTP as Nova does."""

from __future__ import annotations

import uuid
from typing import Any

from twinstack.compute.manager import instances as inst
from twinstack.compute.api.security_groups import _neutron
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty


async def _networks(req: Req) -> dict[str, str]:
    found = (await _neutron(req, "GET", "/v2.0/networks", params={"router:external": "True"})).json()["networks"]
    return {n["id"]: n["name"] for n in found}


async def _view(req: Req, fip: dict[str, Any], pools: dict[str, str]) -> dict[str, Any]:
    instance_id = None
    if fip.get("port_id"):
        port = (await _neutron(req, "GET", f"/v2.0/ports/{fip['port_id']}")).json()["port"]
        instance_id = port.get("device_id") or None
    return {"id": fip["id"], "ip": fip["floating_ip_address"], "fixed_ip": fip.get("fixed_ip_address"),
            "instance_id": instance_id, "pool": pools.get(fip["floating_network_id"], fip["floating_network_id"])}


async def pools(req: Req) -> Any:
    return {"floating_ip_pools": [{"name": name} for name in (await _networks(req)).values()]}


async def index(req: Req) -> Any:
    fips = (await _neutron(req, "GET", "/v2.0/floatingips",
                           params={"project_id": req.context.project_id})).json()["floatingips"]
    nets = await _networks(req)
    return {"floating_ips": [await _view(req, f, nets) for f in fips]}


def _check_id(value: str) -> None:
    try:
        uuid.UUID(value)
    except ValueError:
        raise ApiError(404, f"Floating IP not found for ID {value}") from None


async def show(req: Req) -> Any:
    _check_id(req.params["fip_id"])
    try:
        fip = (await _neutron(req, "GET", f"/v2.0/floatingips/{req.params['fip_id']}")).json()["floatingip"]
    except ApiError as err:
        raise ApiError(404, f"Floating IP not found for ID {req.params['fip_id']}") from err
    return {"floating_ip": await _view(req, fip, await _networks(req))}


async def create(req: Req) -> Any:
    body = await req.json(required=False) or {}
    pool = body.get("pool") if isinstance(body, dict) else None
    nets = await _networks(req)
    if pool:
        matches = [i for i, n in nets.items() if pool in (i, n)]
        if not matches:
            raise ApiError(404, "Floating IP pool not found.", "FloatingIpPoolNotFound")
        net_id = matches[0]
    elif nets:
        net_id = next(iter(nets))
    else:
        raise ApiError(404, "No more floating IPs available.", "NoMoreFloatingIps")
    fip = (await _neutron(req, "POST", "/v2.0/floatingips",
                          json={"floatingip": {"floating_network_id": net_id}})).json()["floatingip"]
    return {"floating_ip": await _view(req, fip, nets)}


async def delete(req: Req) -> Any:
    _check_id(req.params["fip_id"])
    try:
        await _neutron(req, "DELETE", f"/v2.0/floatingips/{req.params['fip_id']}")
    except ApiError as err:
        raise ApiError(404, f"Floating IP not found for ID {req.params['fip_id']}") from err
    return empty(202)


async def _by_address(req: Req, address: str) -> dict[str, Any]:
    found = (await _neutron(req, "GET", "/v2.0/floatingips", until=(2, 44), params={"floating_ip_address": address})).json()["floatingips"]
    if not found:
        raise ApiError(404, "floating IP not found", "FloatingIpNotFoundForAddress")
    return dict(found[0])


async def add_floating_ip(req: Req, server_id: str, body: Any) -> Any:
    if req.at_least(2, 44) or not isinstance(body, dict) or not body.get("address"):
        raise ApiError(400, "Address not specified" if isinstance(body, dict) else "There is no such action: addFloatingIp")
    with req.cloud.store.read() as conn:
        row = inst.get(conn, server_id, req.context)
    fip = await _by_address(req, str(body["address"]))
    ports = (await _neutron(req, "GET", "/v2.0/ports", until=(2, 44), params={"device_id": row["uuid"]})).json()["ports"]
    fixed = body.get("fixed_address")
    port = next((p for p in ports if not fixed or any(ip["ip_address"] == fixed for ip in p.get("fixed_ips", []))), None)
    if port is None:
        raise ApiError(400, "No nw_info cache associated with instance" if not ports else
                       "Specified fixed address not assigned to instance")
    update: dict[str, Any] = {"port_id": port["id"]}
    if fixed:
        update["fixed_ip_address"] = fixed
    await _neutron(req, "PUT", f"/v2.0/floatingips/{fip['id']}", until=(2, 44), json={"floatingip": update})
    return empty(202)


async def remove_floating_ip(req: Req, server_id: str, body: Any) -> Any:
    if req.at_least(2, 44) or not isinstance(body, dict) or not body.get("address"):
        raise ApiError(400, "Address not specified" if isinstance(body, dict) else "There is no such action: removeFloatingIp")
    with req.cloud.store.read() as conn:
        row = inst.get(conn, server_id, req.context)
    fip = await _by_address(req, str(body["address"]))
    port = (await _neutron(req, "GET", f"/v2.0/ports/{fip['port_id']}", until=(2, 44))).json()["port"] if fip.get("port_id") else {}
    if port.get("device_id") != row["uuid"]:
        raise ApiError(409, f"Floating IP {body['address']} is not associated with instance {row['uuid']}.")
    await _neutron(req, "PUT", f"/v2.0/floatingips/{fip['id']}", until=(2, 44), json={"floatingip": {"port_id": None}})
    return empty(202)
