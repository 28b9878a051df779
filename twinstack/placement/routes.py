"""Placement's route table: path -> method -> handler (everything below ``/placement``)."""

from __future__ import annotations

from twinstack.core.pipeline import Handler
from twinstack.placement.api import root

ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/", {"GET": root.home}),
]
