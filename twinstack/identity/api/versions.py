"""Identity version discovery: ``/identity`` lists v3 and v2.0, each root describes itself."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, json_response, public
from twinstack.identity.versions import CURRENT

V3_UPDATED = "2024-04-01T00:00:00Z"
V2_UPDATED = "2014-04-17T00:00:00Z"


def _v3(req: Req) -> dict[str, Any]:
    return {
        "id": CURRENT, "status": "stable", "updated": V3_UPDATED,
        "links": [{"rel": "self", "href": f"{req.base_url()}/v3/"}],
        "media-types": [{"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}],
    }


def _v2(req: Req) -> dict[str, Any]:
    return {
        "id": "v2.0", "status": "deprecated", "updated": V2_UPDATED,
        "links": [{"rel": "self", "href": f"{req.base_url()}/v2.0/"},
                  {"rel": "describedby", "type": "text/html", "href": "https://docs.openstack.org/"}],
        "media-types": [{"base": "application/json", "type": "application/vnd.openstack.identity-v2.0+json"}],
    }


@public
async def root(req: Req) -> Any:
    """Keystone's discovery lists v3 alone (the v2.0 API is gone; twinstack still answers its token and
    tenant calls for legacy clients that go there directly) and points Location at it."""
    v3 = _v3(req)
    return json_response({"versions": {"values": [v3]}}, 300, {"Location": v3["links"][0]["href"]})


@public
async def v3(req: Req) -> Any:
    return {"version": _v3(req)}


@public
async def v2(req: Req) -> Any:
    return {"version": _v2(req)}
