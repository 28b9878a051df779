"""Designate's version documents: ``/`` lists v2 and v2.0 (SUPPORTED) and v2.1 (CURRENT: shared zones),
each pointing at ``/v2`` (designate/api/versions.py); ``/v2/`` describes the current one."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, json_response

API_REF = "https://docs.openstack.org/api-ref/dns/"
VERSIONS = (("v2", "SUPPORTED", "2022-06-29T00:00:00Z"), ("v2.0", "SUPPORTED", "2022-06-29T00:00:00Z"),
            ("v2.1", "CURRENT", "2023-01-25T00:00:00Z"))


def _version(req: Req, version: str, status: str, updated: str) -> dict[str, Any]:
    return {"id": version, "status": status, "updated": updated,
            "links": [{"href": f"{req.base_url()}/v2", "rel": "self"}, {"href": API_REF, "rel": "help"}]}


async def root(req: Req) -> Any:
    return json_response({"versions": [_version(req, *v) for v in VERSIONS]})


async def v2(req: Req) -> Any:
    return json_response({"version": _version(req, *VERSIONS[-1])})
