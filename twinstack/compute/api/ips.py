"""``/servers/{id}/ips``: the server's addresses, all or one network's."""

from __future__ import annotations

from typing import Any

from twinstack.compute import views
from twinstack.compute.manager import instances as inst
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req


def _addresses(req: Req) -> tuple[dict[str, Any], dict[str, Any]]:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
        return row, views._addresses(req, conn, [row]).get(row["uuid"], {})


def _plain(addrs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"version": a["version"], "addr": a["addr"]} for a in addrs]


async def index(req: Req) -> Any:
    row, nets = _addresses(req)
    req.authorize("os_compute_api:ips:index", {"project_id": row["project_id"]})
    return {"addresses": {name: _plain(addrs) for name, addrs in nets.items()}}


async def show(req: Req) -> Any:
    row, nets = _addresses(req)
    req.authorize("os_compute_api:ips:show", {"project_id": row["project_id"]})
    name = req.params["network"]
    if name not in nets:
        raise ApiError(404, "Instance is not a member of specified network", "NetworkNotFound")
    return {name: _plain(nets[name])}
