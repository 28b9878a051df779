"""RBAC policies: the HTTP routes and thin handlers; the domain is ``manager/rbac.py``."""

from __future__ import annotations

from twinstack.network.manager import base
from twinstack.network.manager.rbac import RBAC_POLICIES

ROUTES = base.crud_routes(RBAC_POLICIES)
