"""Ports: the HTTP routes and thin handlers; the domain is ``manager/ports.py``."""

from __future__ import annotations

from twinstack.network.manager import base
from twinstack.network.manager.ports import PORTS

ROUTES = base.crud_routes(PORTS)
