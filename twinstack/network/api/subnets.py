"""Subnets: the HTTP routes and thin handlers; the domain is ``manager/subnets.py``."""

from __future__ import annotations

from twinstack.network.manager import base
from twinstack.network.manager.subnets import SUBNETS

ROUTES = base.crud_routes(SUBNETS)
