"""Networks: the HTTP routes and thin handlers; the domain is ``manager/networks.py``."""

from __future__ import annotations

from twinstack.network.manager import base
from twinstack.network.manager.networks import NETWORKS

ROUTES = base.crud_routes(NETWORKS)
