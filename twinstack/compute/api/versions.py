"""Compute version discovery: ``/compute/`` lists v2.0 (legacy) and v2.1 with its microversion range;
each root describes itself (nova/api/openstack/compute/versions*.py)."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, json_response, public

MEDIA = "application/vnd.openstack.compute+json;version="


def _v(req: Req, which: str) -> dict[str, Any]:
    from twinstack.compute.provider import MAX_VERSION, MIN_VERSION

    href = f"{req.base_url()}/{which}/"
    if which == "v2.1":
        return {"id": "v2.1", "status": "CURRENT", "version": str(MAX_VERSION), "min_version": str(MIN_VERSION),
                "updated": "2013-07-23T11:33:21Z", "links": [{"rel": "self", "href": href}]}
    return {"id": "v2.0", "status": "SUPPORTED", "version": "", "min_version": "",
            "updated": "2011-01-21T11:33:21Z", "links": [{"rel": "self", "href": href}]}


def _detailed(req: Req, which: str) -> dict[str, Any]:
    body = _v(req, which)
    body["links"].append({"rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"})
    body["media-types"] = [{"base": "application/json", "type": MEDIA + ("2.1" if which == "v2.1" else "2")}]
    return {"version": body}


@public
async def root(req: Req) -> Any:
    return json_response({"versions": [_v(req, "v2.0"), _v(req, "v2.1")]})


@public
async def v21(req: Req) -> Any:
    return _detailed(req, "v2.1")


@public
async def v2(req: Req) -> Any:
    return _detailed(req, "v2.0")
