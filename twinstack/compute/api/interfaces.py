"""``/servers/{id}/os-interface``: the server's ports, attach and detach, through
``twinstack/network/local.py``."""

from __future__ import annotations

from typing import Any

from twinstack.compute import tables as t
from twinstack.compute.manager import api as capi
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager import states as s
from twinstack.compute.manager.context import RequestContext
from twinstack.compute.schemas import interfaces as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate
from twinstack.network import local as network

ALLOWED = [s.ACTIVE, s.PAUSED, s.STOPPED]


def _view(req: Req, vif: dict[str, Any]) -> dict[str, Any]:
    body = {
        "port_state": "ACTIVE",
        "port_id": vif["port_id"],
        "net_id": vif["network_id"],
        "mac_addr": vif["mac_address"],
        "fixed_ips": [
            {"subnet_id": ip["subnet_id"], "ip_address": ip["ip_address"]} for ip in vif.get("fixed_ips", [])
        ],
    }
    if req.at_least(2, 70):
        body["tag"] = vif.get("tag")
    return body


def _vifs(row: dict[str, Any]) -> list[dict[str, Any]]:
    return list((row["system_metadata"] or {}).get("vifs") or [])


async def index(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize("os_compute_api:os-attach-interfaces:list", {"project_id": row["project_id"]})
    return {"interfaceAttachments": [_view(req, v) for v in _vifs(row)]}


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize("os_compute_api:os-attach-interfaces:show", {"project_id": row["project_id"]})
    for vif in _vifs(row):
        if vif["port_id"] == req.params["port_id"]:
            return {"interfaceAttachment": _view(req, vif)}
    raise ApiError(404, f"Port {req.params['port_id']} is not attached", "PortNotFound")


async def create(req: Req) -> Any:
    ctx = RequestContext.from_req(req)
    body = (validate(await req.json(required=False) or {}, schemas.create)).get("interfaceAttachment") or {}
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
        req.authorize("os_compute_api:os-attach-interfaces:create", {"project_id": row["project_id"]})
        capi.check_locked(ctx, row)
        capi.check_state(row, "attach_interface", ALLOWED)
        fixed = (body.get("fixed_ips") or [{}])[0].get("ip_address")
        vif = network.attach_interface(
            req.cloud,
            conn,
            row["uuid"],
            row["project_id"],
            row["host"],
            net_id=body.get("net_id"),
            port_id=body.get("port_id"),
            fixed_ip=fixed,
            admin=req.context.is_admin,  # an admin's token sees every network, as Nova's neutron calls do
        )
        vif = {**vif, "tag": body.get("tag")}
        sysmeta = {**(row["system_metadata"] or {}), "vifs": _vifs(row) + [vif]}
        conn.execute(
            t.instances.update()
            .where(t.instances.c.uuid == row["uuid"])
            .values(system_metadata=sysmeta, updated_at=req.cloud.clock.now())
        )
        capi.start(ctx, conn, row, "attach_interface")
    if row["host"]:
        await capi.attach_interface(ctx, row, vif=vif)
    return {"interfaceAttachment": _view(req, vif)}


async def delete(req: Req) -> Any:
    ctx = RequestContext.from_req(req)
    port_id = req.params["port_id"]
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
        req.authorize("os_compute_api:os-attach-interfaces:delete", {"project_id": row["project_id"]})
        capi.check_locked(ctx, row)
        capi.check_state(row, "detach_interface", ALLOWED)
        vifs = _vifs(row)
        if not any(v["port_id"] == port_id for v in vifs):
            raise ApiError(404, f"Port {port_id} is not attached", "PortNotFound")
        network.detach_interface(req.cloud, conn, row["uuid"], port_id)
        sysmeta = {**(row["system_metadata"] or {}), "vifs": [v for v in vifs if v["port_id"] != port_id]}
        conn.execute(
            t.instances.update()
            .where(t.instances.c.uuid == row["uuid"])
            .values(system_metadata=sysmeta, updated_at=req.cloud.clock.now())
        )
        capi.start(ctx, conn, row, "detach_interface")
    if row["host"]:
        await capi.detach_interface(ctx, row, port_id=port_id)
    return empty(202)
