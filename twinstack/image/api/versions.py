"""Glance's version list: 300 at the root (and for unknown version paths), 200 at ``/versions``.

The list is the one a Glance with one store and no image cache answers, in Glance's own order.
"""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, json_response, public

# (version, status) in the order glance/api/versions.py emits them with enabled_backends set
# and no image_cache_dir.
VERSIONS = [("2.15", "SUPPORTED"), ("2.13", "SUPPORTED"), ("2.12", "SUPPORTED"), ("2.11", "SUPPORTED"),
            ("2.10", "SUPPORTED"), ("2.9", "SUPPORTED"), ("2.8", "SUPPORTED"), ("2.17", "CURRENT"),
            ("2.7", "SUPPORTED"), ("2.6", "SUPPORTED"), ("2.5", "SUPPORTED"), ("2.4", "SUPPORTED"),
            ("2.3", "SUPPORTED"), ("2.2", "SUPPORTED"), ("2.1", "SUPPORTED"), ("2.0", "SUPPORTED")]


def _body(req: Req) -> dict[str, Any]:
    href = f"{req.base_url()}/v2/"
    return {"versions": [{"id": f"v{v}", "status": s, "links": [{"rel": "self", "href": href}]}
                         for v, s in VERSIONS]}


@public
async def root(req: Req) -> Any:
    return json_response(_body(req), 300)


@public
async def explicit(req: Req) -> Any:
    return json_response(_body(req), 200)
