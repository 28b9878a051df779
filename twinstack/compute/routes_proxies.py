"""The proxy APIs' routes (os-volumes, os-snapshots, os-volumes_boot, os-floating-ips and pools,
os-networks, os-tenant-networks, os-security-group-default-rules), below ``/compute``; routes.py
includes this list (compute-core serves os-security-groups, /images, extensions, os-server-password
and os-server-external-events). Importing it also registers addFloatingIp/removeFloatingIp as server actions."""

from __future__ import annotations

from twinstack.compute.api import server_actions
from twinstack.compute.api.proxies import floating_ips, networks, volumes, volumes_boot
from twinstack.compute.api.resources_common import both
from twinstack.core.pipeline import Handler

_TABLE: list[tuple[str, dict[str, Handler]]] = [
    ("/os-volumes", {"GET": volumes.index, "POST": volumes.create}),
    ("/os-volumes/detail", {"GET": volumes.detail}),
    ("/os-volumes/{volume_id}", {"GET": volumes.show, "DELETE": volumes.delete}),
    ("/os-snapshots", {"GET": volumes.snapshot_index, "POST": volumes.snapshot_create}),
    ("/os-snapshots/detail", {"GET": volumes.snapshot_detail}),
    ("/os-snapshots/{snapshot_id}", {"GET": volumes.snapshot_show, "DELETE": volumes.snapshot_delete}),
    ("/os-volumes_boot", {"GET": volumes_boot.index, "POST": volumes_boot.create}),
    ("/os-volumes_boot/detail", {"GET": volumes_boot.detail}),
    ("/os-volumes_boot/{server_id}", {"GET": volumes_boot.show, "PUT": volumes_boot.update,
                                      "DELETE": volumes_boot.delete}),
    ("/os-volumes_boot/{server_id}/action", {"POST": volumes_boot.action}),
    ("/os-security-group-default-rules", {"GET": networks.gone, "POST": networks.gone}),
    ("/os-security-group-default-rules/{rule_id}", {"GET": networks.gone, "DELETE": networks.gone}),
    ("/os-floating-ips", {"GET": floating_ips.index, "POST": floating_ips.create}),
    ("/os-floating-ips/{floating_ip_id}", {"GET": floating_ips.show, "DELETE": floating_ips.delete}),
    ("/os-floating-ip-pools", {"GET": floating_ips.pools}),
    ("/os-networks", {"GET": networks.index, "POST": networks.gone}),
    ("/os-networks/add", {"POST": networks.gone}),
    ("/os-networks/{network_id}", {"GET": networks.show, "DELETE": networks.gone}),
    ("/os-networks/{network_id}/action", {"POST": networks.gone}),
    ("/os-tenant-networks", {"GET": networks.tenant_index, "POST": networks.gone}),
    ("/os-tenant-networks/{network_id}", {"GET": networks.tenant_show, "DELETE": networks.gone}),
]

ROUTES: list[tuple[str, dict[str, Handler]]] = [route for path, methods in _TABLE for route in both(path, methods)]

# Nova's addFloatingIp/removeFloatingIp (gone from 2.44): compute's action table is a plain dict
server_actions.ACTIONS.setdefault("addFloatingIp", floating_ips.add_floating_ip)
server_actions.ACTIONS.setdefault("removeFloatingIp", floating_ips.remove_floating_ip)
