"""RBAC policies: the HTTP routes and thin handlers; the domain is ``manager/rbac.py``."""

from __future__ import annotations

from twinstack.network.manager import base

# compute's os-networks proxy still imports it from here until it reads network.local (issue 9)
from twinstack.network.manager.rbac import (
    RBAC_POLICIES,
    granted_networks,  # noqa: F401
)

ROUTES = base.crud_routes(RBAC_POLICIES)
