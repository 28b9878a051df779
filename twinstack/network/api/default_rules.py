"""Default security group rules: the HTTP routes and thin handlers; the domain is ``manager/default_rules.py``."""

from __future__ import annotations

from twinstack.network.manager import base
from twinstack.network.manager.default_rules import DEFAULT_RULES

ROUTES = base.crud_routes(DEFAULT_RULES, update=False)
