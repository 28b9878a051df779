"""Network IP availability (admin-only): the HTTP routes and thin handlers; the domain is
``manager/ip_availability.py``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Handler, Req
from twinstack.network import errors as E
from twinstack.network.manager.ip_availability import availabilities


def _availabilities(req: Req, network_id: str | None = None) -> list[dict[str, Any]]:
    with req.cloud.store.read() as conn:
        return availabilities(conn, req.query, network_id)


def _may(req: Req) -> bool:
    """Neutron filters lists by the show rule and hides what the caller may not see (404, not 403)."""
    return req.cloud.policy.allowed("get_network_ip_availability", {}, req.context)


async def list_availabilities(req: Req) -> Any:
    if not _may(req):
        return {"network_ip_availabilities": []}
    return {"network_ip_availabilities": _availabilities(req)}


async def show_availability(req: Req) -> Any:
    if not _may(req):
        raise E.hidden()
    found = _availabilities(req, req.params["id"])
    if not found:
        raise E.not_found("Network", req.params["id"])
    return {"network_ip_availability": found[0]}


ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/v2.0/network-ip-availabilities", {"GET": list_availabilities}),
    ("/v2.0/network-ip-availabilities/{id}", {"GET": show_availability}),
]
