"""Floating IPs and their pools: the HTTP routes and thin handlers; the domain is ``manager/floating_ips.py``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.network import errors as E
from twinstack.network.manager import base
from twinstack.network.manager.floating_ips import FLOATING_IPS, pools


async def floatingip_pools(req: Req) -> Any:
    if not req.cloud.policy.allowed("get_floatingip_pool", {"project_id": req.context.project_id}, req.context):
        raise E.policy("get_floatingip_pool")
    with req.cloud.store.read() as conn:
        return {"floatingip_pools": pools(conn, req.context)}


ROUTES = [*base.crud_routes(FLOATING_IPS), ("/v2.0/floatingip_pools", {"GET": floatingip_pools})]
