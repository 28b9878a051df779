"""Handlers of ``/_twinstack``: what tests and CI use to drive the emulator itself."""

from __future__ import annotations

import time
from typing import Any

from starlette.responses import PlainTextResponse

from twinstack.control import clouds
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, json_response, public


@public
async def health(req: Req) -> Any:
    cloud = req.cloud
    status = 200 if cloud.ready else 503
    return json_response({"status": "ok" if cloud.ready else "starting", "services": cloud.health()}, status)


@public
async def clouds_yaml(req: Req) -> Any:
    return PlainTextResponse(clouds.clouds_yaml(req.cloud.model, req.cloud.settings.base_url))


@public
async def reset(req: Req) -> Any:
    started = time.perf_counter()
    req.cloud.reset()
    return {"reset": True, "seconds": round(time.perf_counter() - started, 4)}


def require_admin(req: Req) -> None:
    if req.ctx is not None and not req.ctx.is_admin:
        raise ApiError(403, "Only an admin may drive the control plane.")
