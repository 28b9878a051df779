"""Segments: the HTTP routes and thin handlers; the domain is ``manager/segments.py``. The routes
exist only when the model loads the segments plugin (``network.segments``), as in Neutron."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Handler, Req
from twinstack.network import errors as E
from twinstack.network.manager import base
from twinstack.network.manager.segments import SEGMENTS


def _loaded(handler: Handler) -> Handler:
    async def guarded(req: Req) -> Any:
        if not req.cloud.model.network.segments:
            raise E.hidden()  # no plugin, no resource: Neutron's 404 for an unknown path
        return await handler(req)
    guarded.__name__ = handler.__name__
    return guarded


ROUTES = [(path, {m: _loaded(h) for m, h in methods.items()}) for path, methods in base.crud_routes(SEGMENTS)]
