"""Service flavors and profiles: the HTTP routes and thin handlers; the domain is ``manager/flavors.py``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Handler, Req, empty, json_response
from twinstack.network import errors as E
from twinstack.network.manager import base, flavors
from twinstack.network.manager.flavors import FLAVORS, SERVICE_PROFILES


async def associate(req: Req) -> Any:
    req.cloud.policy.authorize("create_flavor_service_profile", {}, req.context)
    body = await req.json()
    member = body.get("service_profile") if isinstance(body, dict) else None
    if not isinstance(member, dict) or not isinstance(member.get("id"), str):
        raise E.bad("Failed to parse request. Resource body required: 'service_profile'.", "HTTPBadRequest")
    with req.cloud.store.begin() as conn:
        base.get_visible(conn, FLAVORS, req.params["id"], None)
        flavors.associate(conn, req.params["id"], member["id"])
    return json_response({"service_profile": {"id": member["id"]}}, 201)


async def disassociate(req: Req) -> Any:
    req.cloud.policy.authorize("delete_flavor_service_profile", {}, req.context)
    with req.cloud.store.begin() as conn:
        base.get_visible(conn, FLAVORS, req.params["id"], None)
        flavors.disassociate(conn, req.params["id"], req.params["profile_id"])
    return empty(204)


ROUTES: list[tuple[str, dict[str, Handler]]] = [
    *base.crud_routes(FLAVORS),
    *base.crud_routes(SERVICE_PROFILES),
    ("/v2.0/flavors/{id}/service_profiles", {"POST": associate}),
    ("/v2.0/flavors/{id}/service_profiles/{profile_id}", {"DELETE": disassociate}),
]
