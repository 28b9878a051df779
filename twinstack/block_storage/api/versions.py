"""Cinder version discovery: ``/volume/`` lists v3 (300 Multiple Choices), ``/volume/v3/`` the same."""

from __future__ import annotations

from typing import Any

from twinstack.block_storage.versions import MAX_VERSION, MIN_VERSION
from twinstack.core.pipeline import Req, json_response, public

UPDATED = "2023-08-31T00:00:00Z"


def _v3(req: Req) -> dict[str, Any]:
    return {
        "id": "v3.0", "status": "CURRENT", "version": MAX_VERSION, "min_version": MIN_VERSION, "updated": UPDATED,
        "links": [{"href": "https://docs.openstack.org/", "rel": "describedby", "type": "text/html"},
                  {"href": f"{req.base_url()}/v3/", "rel": "self"}],
        "media-types": [{"base": "application/json", "type": "application/vnd.openstack.volume+json;version=3"}],
    }


@public
async def root(req: Req) -> Any:
    return json_response({"versions": [_v3(req)]}, 300)


@public
async def v3(req: Req) -> Any:
    return {"versions": [_v3(req)]}
