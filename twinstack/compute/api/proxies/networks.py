"""Nova's os-networks and os-tenant-networks over Neutron: reads only (Nova answers 410 to the
nova-network writes), a network shown by id and name (``label``), the nova-network fields null."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute.api.proxies.common import authorize, capped
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req

FIELDS = ("id", "cidr", "netmask", "gateway", "broadcast", "dns1", "dns2", "cidr_v6", "gateway_v6", "label",
          "netmask_v6")
ADMIN_FIELDS = ("created_at", "updated_at", "deleted_at", "deleted", "injected", "bridge", "vlan",
                "vpn_public_address", "vpn_public_port", "vpn_private_address", "dhcp_start", "project_id", "host",
                "bridge_interface", "multi_host", "priority", "rxtx_base", "mtu", "dhcp_server", "enable_dhcp",
                "share_address")


def _tables() -> Any:
    from twinstack.network import tables

    return tables


def _visible(req: Req) -> Any:
    """What the caller's token lists in Neutron: its project's, shared and external networks (any, for an admin)."""
    from twinstack.network.api.rbac import granted_networks

    n = _tables().networks.c
    if req.context.is_admin:
        return sa.true()
    project = req.context.project_id
    return sa.or_(n.project_id == project, n.shared.is_(True), n.external.is_(True), n.id.in_(granted_networks(project)))


def _rows(conn: Connection, where: Any) -> list[Any]:
    n = _tables().networks.c
    return list(conn.execute(sa.select(n.id, n.name).where(where).order_by(n.created_at, n.id)))


def _network_view(req: Req, row: Any) -> dict[str, Any]:
    fields = FIELDS + ADMIN_FIELDS if req.context.is_admin else FIELDS
    body: dict[str, Any] = {field: None for field in fields}
    body.update(id=row.id, label=row.name)
    return body


async def index(req: Req) -> Any:
    capped(req)
    authorize(req, "os-networks:list")
    with req.cloud.store.read() as conn:
        return {"networks": [_network_view(req, r) for r in _rows(conn, _visible(req))]}


async def show(req: Req) -> Any:
    capped(req)
    authorize(req, "os-networks:show")
    with req.cloud.store.read() as conn:
        rows = _rows(conn, sa.and_(_tables().networks.c.id == req.params["network_id"], _visible(req)))
    if not rows:
        raise ApiError(404, "Network not found")
    return {"network": _network_view(req, rows[0])}


async def gone(req: Req) -> Any:
    """Creating, deleting or (dis)associating networks, and default security group rules, were
    nova-network's: Nova answers 410 at every microversion (webob's own explanation)."""
    raise ApiError(410, "This resource is no longer available.  No forwarding address is given.")


def _tenant_view(row: Any) -> dict[str, Any]:
    return {"id": row.id, "label": row.name, "cidr": "None"}  # Nova's str(None), kept as it answers


async def tenant_index(req: Req) -> Any:
    capped(req)
    authorize(req, "os-tenant-networks:list")
    with req.cloud.store.read() as conn:
        return {"networks": [_tenant_view(r) for r in _rows(conn, _visible(req))]}


async def tenant_show(req: Req) -> Any:
    capped(req)
    authorize(req, "os-tenant-networks:show")
    with req.cloud.store.read() as conn:
        rows = _rows(conn, sa.and_(_tables().networks.c.id == req.params["network_id"], _visible(req)))
    if not rows:
        raise ApiError(404, "Network not found")
    return {"network": _tenant_view(rows[0])}
