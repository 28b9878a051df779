"""Glance's version list: 300 at the root (and for unknown version paths), 200 at ``/versions``.

The list is the one a Glance with one store answers, in Glance's own order: with the image cache
versions (2.18 CURRENT) when the model turns the cache on, as DevStack does, else up to 2.17.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from twinstack.core.pipeline import Req, json_response, public
from twinstack.image import errors
from twinstack.image.versions import document


def _body(req: Req) -> dict[str, Any]:
    href = f"{req.base_url()}/v2/"
    return {"versions": [{"id": f"v{v}", "status": s, "links": [{"rel": "self", "href": href}]}
                         for v, s in document(req.cloud.model.image.cache.enabled)]}


@public
async def root(req: Req) -> Any:
    return json_response(_body(req), 300)


@public
async def explicit(req: Req) -> Any:
    return json_response(_body(req), 200)


async def v2_redirect(req: Req) -> Any:
    """``/v2`` is Glance's v2 router's mount point: webob's 302 to ``/v2/`` (an empty text/plain), after
    authentication like any v2 path. ``/v2/`` itself is no route there: a 404."""
    return Response(status_code=302, headers={"Location": f"{req.base_url()}/v2/",
                                              "Content-Type": "text/plain; charset=utf8"})


async def v2_slash(req: Req) -> Any:
    raise errors.not_found()
