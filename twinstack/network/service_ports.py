"""Ports a service owns (Octavia's VIP ports), and name-or-id lookups for other services; re-exported by
network/local.py, the one module other services import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.network import tables as t
from twinstack.network.manager import base as generic
from twinstack.network.manager import floating_ips, ports, security_groups
from twinstack.network.manager import routers as _routers
from twinstack.network.manager import subnets as _subnets
from twinstack.network.manager.base import Resource
from twinstack.network.manager.networks import NETWORKS
from twinstack.network.proxies import _proxy_create, _proxy_delete, _proxy_list, _proxy_show, _proxy_update

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# -- ports a service owns (Octavia's VIP ports) ------------------------------------------------------------
def subnet(cloud: Cloud, conn: Connection, subnet_id: str) -> dict[str, Any] | None:
    """``{"id", "network_id", "project_id", "cidr", "ip_version"}`` of a subnet, None when there is none."""
    c = t.subnets.c
    row = conn.execute(sa.select(c.id, c.network_id, c.project_id, c.cidr, c.ip_version)
                       .where(c.id == subnet_id)).first()
    return dict(row._mapping) if row is not None else None


def network_subnets(cloud: Cloud, conn: Connection, network_id: str) -> list[dict[str, Any]] | None:
    """The subnets of a network (oldest first, IPv4 before IPv6), None when the network does not exist."""
    if conn.execute(sa.select(t.networks.c.id).where(t.networks.c.id == network_id)).first() is None:
        return None
    c = t.subnets.c
    rows = conn.execute(sa.select(c.id, c.network_id, c.project_id, c.cidr, c.ip_version)
                        .where(c.network_id == network_id).order_by(c.ip_version, c.created_at, c.id))
    return [dict(r._mapping) for r in rows]


def port(cloud: Cloud, conn: Connection, port_id: str) -> dict[str, Any] | None:
    """``{"id", "network_id", "project_id", "device_id", "device_owner", "fixed_ips"}`` of a port."""
    c = t.ports.c
    row = conn.execute(sa.select(c.id, c.network_id, c.project_id, c.device_id, c.device_owner)
                       .where(c.id == port_id)).first()
    if row is None:
        return None
    return {**row._mapping, "fixed_ips": ports.fixed_ips_for(conn, [port_id])[port_id]}


def create_service_port(cloud: Cloud, conn: Connection, project_id: str, network_id: str, subnet_id: str | None,
                        ip_address: str | None, name: str, device_id: str, device_owner: str) -> dict[str, Any]:
    """A port a service makes for itself (Octavia's ``octavia-lb-<id>`` VIP port, device owner ``Octavia``),
    as the service's admin would: on any network, an address from ``subnet_id`` (``ip_address`` if given).
    Neutron's errors (no free address, address in use, quota) are raised as they are."""
    fixed: list[dict[str, Any]] | None = None
    if subnet_id or ip_address:
        fixed = [{k: v for k, v in (("subnet_id", subnet_id), ("ip_address", ip_address)) if v}]
    values: dict[str, Any] = {
        "network_id": network_id, "project_id": project_id, "name": name, "description": "",
        "device_id": device_id, "device_owner": device_owner, "admin_state_up": False,
        "fixed_ips": fixed, "security_groups": [], "binding:host_id": "", "binding:vnic_type": "normal",
        "binding:profile": {}, "allowed_address_pairs": [], "dns_name": "", "port_security_enabled": None,
        "created_for_instance": False,
    }
    with conn.begin_nested():
        port_id = ports.create_port(cloud, conn, values, None)
    return port(cloud, conn, port_id) or {}


def claim_port(cloud: Cloud, conn: Connection, port_id: str, device_id: str, device_owner: str) -> None:
    """Take a user's port for a service (Octavia's vip_port_id): its device becomes the service's."""
    conn.execute(t.ports.update().where(t.ports.c.id == port_id).values(
        device_id=device_id, device_owner=device_owner, updated_at=cloud.clock.now(),
        revision_number=t.ports.c.revision_number + 1))


def release_service_port(cloud: Cloud, conn: Connection, port_id: str, delete: bool) -> None:
    """Give a service's port back: deleted when the service made it, else only its device cleared."""
    row = conn.execute(sa.select(t.ports.c.id).where(t.ports.c.id == port_id)).first()
    if row is None:
        return
    if delete:
        ports.delete_port(cloud, conn, port_id)
    else:
        claim_port(cloud, conn, port_id, "", "")


def find_subnet(cloud: Cloud, conn: Connection, name_or_id: str) -> str | None:
    """A subnet's id by its id or name (the oldest of that name)."""
    c = t.subnets.c
    row = conn.execute(sa.select(c.id).where(sa.or_(c.id == name_or_id, c.name == name_or_id))
                       .order_by((c.id == name_or_id).desc(), c.created_at)).first()
    return str(row[0]) if row is not None else None


def find_network(cloud: Cloud, conn: Connection, name_or_id: str) -> str | None:
    """A network's id by its id or name (the oldest of that name)."""
    c = t.networks.c
    row = conn.execute(sa.select(c.id).where(sa.or_(c.id == name_or_id, c.name == name_or_id))
                       .order_by((c.id == name_or_id).desc(), c.created_at)).first()
    return str(row[0]) if row is not None else None
# -- for Heat's OS::Neutron::* resources ---------------------------------------------------------------
# Heat's neutron client plugin creates, reads, updates and deletes any of these with the stack owner's
# context, and adds or removes router interfaces; the same steps as the API handlers, each its own transaction.

_KINDS: dict[str, Resource] = {
    "network": NETWORKS, "subnet": _subnets.SUBNETS, "port": ports.PORTS, "router": _routers.ROUTERS,
    "floatingip": floating_ips.FLOATING_IPS, "security_group": security_groups.SECURITY_GROUPS,
    "security_group_rule": security_groups.RULES,
}


def create_resource(cloud: Cloud, caller: Context, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """``POST /v2.0/<kind>s``: ``kind`` is a singular (network, subnet, port, router, floatingip, ...)."""
    return _proxy_create(cloud, _KINDS[kind], caller, body)


def show_resource(cloud: Cloud, caller: Context, kind: str, id_: str) -> dict[str, Any]:
    return _proxy_show(cloud, _KINDS[kind], caller, id_)


def update_resource(cloud: Cloud, caller: Context, kind: str, id_: str, body: dict[str, Any]) -> dict[str, Any]:
    return _proxy_update(cloud, _KINDS[kind], caller, id_, body)


def delete_resource(cloud: Cloud, caller: Context, kind: str, id_: str) -> None:
    _proxy_delete(cloud, _KINDS[kind], caller, id_)


def find_resource_id(cloud: Cloud, caller: Context, kind: str, ref: str) -> str:
    """The id of a visible network, subnet, port, router or security group named by id or by (unique)
    name, as Heat's neutron client plugin's find_resourceid_by_name_or_id; 404 or 409 like it."""
    res = _KINDS[kind]
    c = res.table.c
    found = _proxy_list(cloud, res, caller, c.id == ref)
    if not found and "name" in c:
        found = _proxy_list(cloud, res, caller, c.name == ref)
    if not found:
        raise ApiError(404, f"Unable to find {kind} with name or id '{ref}'", f"{res.error_type}NotFound")
    if len(found) > 1:
        raise ApiError(409, f"Multiple {kind} matches found for name '{ref}', use an ID to be more specific.",
                       "NeutronClientNoUniqueMatch")
    return str(found[0]["id"])


def router_interface(cloud: Cloud, caller: Context, router_id: str, body: dict[str, Any], add: bool) -> dict[str, Any]:
    """``PUT /v2.0/routers/{id}/add_router_interface`` (or remove) with ``{"subnet_id"}`` or ``{"port_id"}``."""
    with cloud.store.begin() as conn:
        row = generic.get_visible(conn, _routers.ROUTERS, router_id, caller)
        generic.authorize_owner(cloud, caller, "update_router", row)
        with conn.begin_nested():
            fn = _routers.add_interface if add else _routers.remove_interface
            return fn(cloud, conn, row, body, caller)
