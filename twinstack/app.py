"""The one ASGI app: every service under its DevStack path prefix, the control plane beside them."""

from __future__ import annotations

import json
import threading
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from twinstack.cloud import Cloud
from twinstack.control import routes as control_routes
from twinstack.core import pipeline
from twinstack.core.pipeline import RequestIdMiddleware, mount, unknown_root


def build_app(cloud: Cloud, on_ready: Any = None) -> ASGIApp:
    apps: dict[str, ASGIApp] = {}
    for provider in cloud.providers:
        service = provider.service(cloud)
        if service is not None:
            apps[service.prefix] = mount(service, cloud, tuple(entry.type for entry in provider.catalog))
    control = control_routes.service()
    apps[control.prefix] = mount(control, cloud)
    fallback = unknown_root()
    prefixes = sorted(apps, key=len, reverse=True)

    async def index(scope: Scope, receive: Receive, send: Send) -> None:
        body = json.dumps({"twinstack": {"services": {p.strip("/"): cloud.public_url(p) for p in prefixes}}}).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    # the mounts by the first segment of their prefix, each list longest prefix first: a request looks at
    # the few that can match it rather than at every one
    by_segment: dict[str, list[tuple[str, str, ASGIApp]]] = {}
    for prefix in prefixes:
        by_segment.setdefault(_first_segment(prefix), []).append((prefix, prefix + "/", apps[prefix]))

    async def route(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(scope, receive, send)
            return
        path = scope["path"]
        if path == "/":
            await index(scope, receive, send)
            return
        for prefix, below, app in by_segment.get(_first_segment(path), ()):
            if path == prefix or path.startswith(below):
                await app(scope, receive, send)
                return
        await fallback(scope, receive, send)

    async def lifespan(scope: Scope, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await cloud.start()
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
                outer.on_done = first_done  # the warm-up, once the first request has been answered
                if on_ready is not None:
                    on_ready()
            elif message["type"] == "lifespan.shutdown":
                await cloud.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    # the request id first: lifespan messages (not HTTP) pass through it to route unchanged
    on_done = getattr(cloud, "on_request_done", None)
    outer = RequestIdMiddleware(route, on_done=on_done)

    def first_done(scope: Scope, status: int, elapsed: float) -> None:
        outer.on_done = on_done
        if on_done is not None:
            on_done(scope, status, elapsed)
        timer = threading.Timer(WARM_AFTER, _warm, args=(cloud, list(apps.values())))
        timer.name = "twinstack-warm"
        timer.daemon = True
        timer.start()

    return outer


# Seconds after the first answer before the warm-up starts: a client's next request or two (the clouds.yaml
# the test fixture reads after the health check) are answered without it beside them.
WARM_AFTER = 0.05


def _warm(cloud: Cloud, apps: list[ASGIApp]) -> None:
    """Parse the policy rules and build the services' routers beside the requests, rather than in the first
    request each needs. Started once the first request has been answered, not at ready: the threads import
    ~300 modules, and holding the GIL beside the first answer (the health check a client polls) they
    delayed it by ~10-15 ms. A request that comes before its router is built builds it itself."""
    threading.Thread(target=cloud.policy.warm, name="twinstack-policy-warm", daemon=True).start()
    threading.Thread(target=pipeline.warm, args=(apps,), name="twinstack-routes-warm", daemon=True).start()


def _first_segment(path: str) -> str:
    return path[1:].partition("/")[0]
