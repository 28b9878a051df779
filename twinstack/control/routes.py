"""The control plane's route table (below ``/_twinstack``)."""

from __future__ import annotations

from twinstack.control import api
from twinstack.core.pipeline import Handler, Service

ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/health", {"GET": api.health}),
    ("/clouds.yaml", {"GET": api.clouds_yaml}),
    ("/reset", {"POST": api.reset}),
]


def service() -> Service:
    return Service("control", "/_twinstack", "twinstack", ROUTES)
