"""Subnet pools: the HTTP routes and thin handlers; the domain is ``manager/subnetpools.py``."""

from __future__ import annotations

from twinstack.network.manager import base
from twinstack.network.manager.subnetpools import SUBNETPOOLS

ROUTES = base.crud_routes(SUBNETPOOLS)
