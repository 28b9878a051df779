"""Nova's default policies for the proxy APIs (nova/policies: floating_ips,
floating_ip_pools, networks, tenant_networks, volumes), secure-RBAC flavour; policies.py merges them."""

from __future__ import annotations

from twinstack.core.policy import ADMIN_OR_MEMBER_OWNER, ADMIN_OR_READER_OWNER, ANY

_MEMBER = [
    "os-floating-ips:create", "os-floating-ips:delete", "os-floating-ips:add", "os-floating-ips:remove",
    "os-volumes:create", "os-volumes:delete", "os-volumes:snapshots:create", "os-volumes:snapshots:delete",
]
_READER = [
    "os-floating-ips:list", "os-floating-ips:show",
    "os-networks:list", "os-networks:show", "os-tenant-networks:list",
    "os-tenant-networks:show", "os-volumes:list", "os-volumes:detail", "os-volumes:show",
    "os-volumes:snapshots:list", "os-volumes:snapshots:detail", "os-volumes:snapshots:show",
]


def defaults() -> dict[str, str]:
    rules = {f"os_compute_api:{r}": ADMIN_OR_MEMBER_OWNER for r in _MEMBER}
    rules.update({f"os_compute_api:{r}": ADMIN_OR_READER_OWNER for r in _READER})
    rules["os_compute_api:os-floating-ip-pools"] = ANY
    return rules
