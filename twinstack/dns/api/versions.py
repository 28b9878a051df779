"""Designate's version documents: ``/`` lists v2 (CURRENT) and ``/v2/`` describes it."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, json_response

UPDATED = "2022-06-29T00:00:00Z"


def _v2(req: Req) -> dict[str, Any]:
    return {"id": "v2", "status": "CURRENT", "updated": UPDATED,
            "links": [{"href": f"{req.base_url()}/v2", "rel": "self"}]}


async def root(req: Req) -> Any:
    return json_response({"versions": [_v2(req)]})


async def v2(req: Req) -> Any:
    return json_response({"version": _v2(req)})
