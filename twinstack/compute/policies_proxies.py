"""Nova's default policies for the proxy APIs served from compute/api/proxies (nova/policies:
networks, tenant_networks), secure-RBAC flavour; policies.py merges them."""

from __future__ import annotations

from twinstack.core.policy import ADMIN_OR_READER_OWNER

_READER = ["os-networks:list", "os-networks:show", "os-tenant-networks:list", "os-tenant-networks:show"]


def defaults() -> dict[str, str]:
    return {f"os_compute_api:{r}": ADMIN_OR_READER_OWNER for r in _READER}
