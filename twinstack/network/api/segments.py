"""Segments: the HTTP routes and thin handlers; the domain is ``manager/segments.py``."""

from __future__ import annotations

from twinstack.network.manager import base
from twinstack.network.manager.segments import SEGMENTS

ROUTES = base.crud_routes(SEGMENTS)
