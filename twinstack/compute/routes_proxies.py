"""The proxy APIs' routes that compute-core's routes.py does not serve (os-networks,
os-tenant-networks, os-volumes_boot, the gone nova-network calls), below ``/compute``; routes.py
includes this list after its own. compute-core serves /images, os-volumes, os-snapshots,
os-floating-ips, os-floating-ip-pools, os-security-groups and the floating IP actions."""

from __future__ import annotations

from twinstack.compute.api.proxies import networks, volumes_boot
from twinstack.compute.api.resources_common import both
from twinstack.core.pipeline import Handler

_TABLE: list[tuple[str, dict[str, Handler]]] = [
    ("/os-volumes_boot", {"GET": volumes_boot.index, "POST": volumes_boot.create}),
    ("/os-volumes_boot/detail", {"GET": volumes_boot.detail}),
    ("/os-volumes_boot/{server_id}", {"GET": volumes_boot.show, "PUT": volumes_boot.update,
                                      "DELETE": volumes_boot.delete}),
    ("/os-volumes_boot/{server_id}/action", {"POST": volumes_boot.action}),
    ("/os-security-group-default-rules", {"GET": networks.gone, "POST": networks.gone}),
    ("/os-security-group-default-rules/{rule_id}", {"GET": networks.gone, "DELETE": networks.gone}),
    ("/os-networks", {"GET": networks.index, "POST": networks.gone}),
    ("/os-networks/add", {"POST": networks.gone}),
    ("/os-networks/{network_id}", {"GET": networks.show, "DELETE": networks.gone}),
    ("/os-networks/{network_id}/action", {"POST": networks.gone}),
    ("/os-tenant-networks", {"GET": networks.tenant_index, "POST": networks.gone}),
    ("/os-tenant-networks/{network_id}", {"GET": networks.tenant_show, "DELETE": networks.gone}),
]

ROUTES: list[tuple[str, dict[str, Handler]]] = [route for path, methods in _TABLE for route in both(path, methods)]