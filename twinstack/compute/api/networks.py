"""Nova's os-networks and os-tenant-networks over Neutron: reads only (Nova answers 410 to the
nova-network writes), a network shown by id and name (``label``), the nova-network fields null."""

from __future__ import annotations

from typing import Any

from twinstack.compute.api.resources_common import removed_at
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.network import local as network

FIELDS = ("id", "cidr", "netmask", "gateway", "broadcast", "dns1", "dns2", "cidr_v6", "gateway_v6", "label",
          "netmask_v6")
ADMIN_FIELDS = ("created_at", "updated_at", "deleted_at", "deleted", "injected", "bridge", "vlan",
                "vpn_public_address", "vpn_public_port", "vpn_private_address", "dhcp_start", "project_id", "host",
                "bridge_interface", "multi_host", "priority", "rxtx_base", "mtu", "dhcp_server", "enable_dhcp",
                "share_address")


def _authorize(req: Req, rule: str) -> None:
    removed_at(req, 2, 36)
    req.authorize(f"os_compute_api:{rule}", {"project_id": req.context.project_id, "user_id": req.context.user_id})


def _networks(req: Req, network_id: str | None = None) -> list[dict[str, Any]]:
    """What the caller's token lists in Neutron (its project's, shared and external networks)."""
    found = network.visible_networks(req.cloud, req.context, network_id)
    if network_id is not None and not found:
        raise ApiError(404, "Network not found")
    return found


def _network_view(req: Req, net: dict[str, Any]) -> dict[str, Any]:
    fields = FIELDS + ADMIN_FIELDS if req.context.is_admin else FIELDS
    body: dict[str, Any] = dict.fromkeys(fields)
    body.update(id=net["id"], label=net["name"])
    return body


async def index(req: Req) -> Any:
    _authorize(req, "os-networks:list")
    return {"networks": [_network_view(req, n) for n in _networks(req)]}


async def show(req: Req) -> Any:
    _authorize(req, "os-networks:show")
    return {"network": _network_view(req, _networks(req, req.params["network_id"])[0])}


async def gone(req: Req) -> Any:
    """Creating, deleting or (dis)associating networks, and default security group rules, were
    nova-network's: Nova answers 410 at every microversion (webob's own explanation)."""
    raise ApiError(410, "This resource is no longer available.  No forwarding address is given.")


def _tenant_view(net: dict[str, Any]) -> dict[str, Any]:
    return {"id": net["id"], "label": net["name"], "cidr": "None"}  # Nova's str(None), kept as it answers


async def tenant_index(req: Req) -> Any:
    _authorize(req, "os-tenant-networks:list")
    return {"networks": [_tenant_view(n) for n in _networks(req)]}


async def tenant_show(req: Req) -> Any:
    _authorize(req, "os-tenant-networks:show")
    return {"network": _tenant_view(_networks(req, req.params["network_id"])[0])}
