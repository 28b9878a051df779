"""Subnet pools: the HTTP routes and thin handlers; the domain is ``manager/subnetpools.py``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.network import errors as E
from twinstack.network.manager import base
from twinstack.network.manager.subnetpools import SUBNETPOOLS, change_prefixes


async def add_prefixes(req: Req) -> Any:
    return await _prefixes(req, add=True)


async def remove_prefixes(req: Req) -> Any:
    return await _prefixes(req, add=False)


async def _prefixes(req: Req, add: bool) -> Any:
    """subnetpool-prefix-ops: ``{"prefixes": [...]}`` in, the pool's prefixes after the change out."""
    body = await req.json()
    if not isinstance(body, dict) or not isinstance(body.get("prefixes"), list) or not body["prefixes"]:
        raise E.bad("Request body contains invalid data", "HTTPBadRequest")  # get_operation_request_body
    with req.cloud.store.begin() as conn:
        row = base.get_visible(conn, SUBNETPOOLS, req.params["id"], req.context)
        base.authorize_owner(req.cloud, req.context, "add_prefixes" if add else "remove_prefixes", row)
        return {"prefixes": change_prefixes(req.cloud, conn, row, body["prefixes"], add, req.context)}


ROUTES = [
    *base.crud_routes(SUBNETPOOLS),
    ("/v2.0/subnetpools/{id}/add_prefixes", {"PUT": add_prefixes}),
    ("/v2.0/subnetpools/{id}/remove_prefixes", {"PUT": remove_prefixes}),
]
