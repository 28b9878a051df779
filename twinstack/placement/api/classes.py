"""``/resource_classes`` (1.2+), run by the core runner in Placement's dialect: list, show, POST,
PUT (a rename before 1.7, an idempotent create from 1.7) and DELETE."""

from __future__ import annotations

from twinstack.placement.manager.base import PLACEMENT
from twinstack.placement.manager.classes import RESOURCE_CLASSES

ROUTES = PLACEMENT.routes(RESOURCE_CLASSES)
