"""Address scopes: the HTTP routes and thin handlers; the domain is ``manager/address_scopes.py``."""

from __future__ import annotations

from twinstack.network.manager import base
from twinstack.network.manager.address_scopes import ADDRESS_SCOPES

ROUTES = base.crud_routes(ADDRESS_SCOPES)
