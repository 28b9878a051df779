"""Security groups and rules: the HTTP routes and thin handlers; the domain is ``manager/security_groups.py``."""

from __future__ import annotations

from twinstack.network.manager import base
from twinstack.network.manager.security_groups import RULES, SECURITY_GROUPS

ROUTES = base.crud_routes(SECURITY_GROUPS) + base.crud_routes(RULES)
