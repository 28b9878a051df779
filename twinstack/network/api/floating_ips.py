"""Floating IPs: the HTTP routes and thin handlers; the domain is ``manager/floating_ips.py``."""

from __future__ import annotations

from twinstack.network.manager import base
from twinstack.network.manager.floating_ips import FLOATING_IPS

ROUTES = base.crud_routes(FLOATING_IPS)
