"""Nova's proxy APIs' way into Neutron (os-networks, os-security-groups, os-floating-ips: gone from
2.36), re-exported by network/local.py, the one module other services import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.network import tables as t
from twinstack.network.manager import ports, security_groups

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# -- for compute's proxy APIs --
# Nova's proxies (compute/api/networks.py, security_groups.py, floating_ips.py: gone from 2.36) ask
# Neutron through these, with the caller's context: the visibility, policy, quotas, checks and bodies
# of the Networking API's handlers (api/generic.py runs the same steps). Each call is its own
# transaction, as a request to Neutron would be.
from twinstack.core.context import Context
from twinstack.network.manager import base as generic
from twinstack.network.manager import floating_ips
from twinstack.network.manager.base import Resource
from twinstack.network.manager.networks import NETWORKS


def _proxy_list(cloud: Cloud, res: Resource, caller: Context, *where: Any) -> list[dict[str, Any]]:
    """A Neutron list with filters, in its default order (by id), rendered for the caller."""
    res.ops.before_list(cloud, caller)
    query = generic.visible_query(res, caller).where(*where).order_by(
        *[res.table.c[key].desc() if way == "desc" else res.table.c[key] for key, way in res.default_sort])
    with cloud.store.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
        return generic.render(cloud, conn, res, rows, caller)


def _proxy_show(cloud: Cloud, res: Resource, caller: Context, id_: str) -> dict[str, Any]:
    with cloud.store.read() as conn:
        return generic.show_one(cloud, conn, res, id_, caller)


def _proxy_create(cloud: Cloud, res: Resource, caller: Context, body: dict[str, Any]) -> dict[str, Any]:
    values = generic.prepare(res, {res.singular: body}, caller, True)
    with cloud.store.begin() as conn:
        new_id = generic.create_one(cloud, conn, res, values, caller)
        out = generic.show_one(cloud, conn, res, new_id, None)
    return generic.view_for(res, out, caller)


def _proxy_update(cloud: Cloud, res: Resource, caller: Context, id_: str, body: dict[str, Any]) -> dict[str, Any]:
    changes = generic.prepare(res, {res.singular: body}, caller, False)
    with cloud.store.begin() as conn:
        row = generic.get_visible(conn, res, id_, caller)
        generic.authorize_owner(cloud, caller, f"update_{res.singular}", row)
        generic.update_row(cloud, conn, res, row, changes, caller)
        out = generic.show_one(cloud, conn, res, row["id"], None)
    return generic.view_for(res, out, caller)


def _proxy_delete(cloud: Cloud, res: Resource, caller: Context, id_: str) -> None:
    with cloud.store.begin() as conn:
        row = generic.get_visible(conn, res, id_, caller)
        generic.authorize_owner(cloud, caller, f"delete_{res.singular}", row)
        with conn.begin_nested():
            res.ops.delete(cloud, conn, row, caller)
            conn.execute(t.tags.delete().where(t.tags.c.resource_id == row["id"]))


def visible_networks(cloud: Cloud, caller: Context, network_id: str | None = None) -> list[dict[str, Any]]:
    """The networks the caller's token lists (its project's, shared, external, granted; an admin's:
    all) as ``{"id", "name"}``, oldest first; with ``network_id``, that one or nothing."""
    c = t.networks.c
    query = sa.select(c.id, c.name)
    if not generic.is_admin(caller):
        query = query.where(NETWORKS.ops.visible(caller))
    if network_id is not None:
        query = query.where(c.id == network_id)
    with cloud.store.read() as conn:
        return [dict(r._mapping) for r in conn.execute(query.order_by(c.created_at, c.id))]


def external_networks(cloud: Cloud, caller: Context) -> list[dict[str, Any]]:
    """``GET /v2.0/networks?router:external=True``, as Neutron bodies."""
    return _proxy_list(cloud, NETWORKS, caller, t.networks.c.external.is_(True))


def list_security_groups(cloud: Cloud, caller: Context, project_id: str | None = None) -> list[dict[str, Any]]:
    """``GET /v2.0/security-groups`` (of ``project_id`` when given), rules included."""
    c = t.security_groups.c
    return _proxy_list(cloud, security_groups.SECURITY_GROUPS, caller,
                       *([c.project_id == project_id] if project_id is not None else []))


def show_security_group(cloud: Cloud, caller: Context, group_id: str) -> dict[str, Any]:
    return _proxy_show(cloud, security_groups.SECURITY_GROUPS, caller, group_id)


def create_security_group(cloud: Cloud, caller: Context, body: dict[str, Any]) -> dict[str, Any]:
    return _proxy_create(cloud, security_groups.SECURITY_GROUPS, caller, body)


def update_security_group(cloud: Cloud, caller: Context, group_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return _proxy_update(cloud, security_groups.SECURITY_GROUPS, caller, group_id, body)


def delete_security_group(cloud: Cloud, caller: Context, group_id: str) -> None:
    _proxy_delete(cloud, security_groups.SECURITY_GROUPS, caller, group_id)


def create_security_group_rule(cloud: Cloud, caller: Context, body: dict[str, Any]) -> dict[str, Any]:
    return _proxy_create(cloud, security_groups.RULES, caller, body)


def delete_security_group_rule(cloud: Cloud, caller: Context, rule_id: str) -> None:
    _proxy_delete(cloud, security_groups.RULES, caller, rule_id)


def list_floating_ips(cloud: Cloud, caller: Context, project_id: str | None = None,
                      address: str | None = None) -> list[dict[str, Any]]:
    """``GET /v2.0/floatingips`` filtered by project and address."""
    c = t.floating_ips.c
    where = ([c.project_id == project_id] if project_id is not None else []) + \
        ([c.floating_ip_address == address] if address is not None else [])
    return _proxy_list(cloud, floating_ips.FLOATING_IPS, caller, *where)


def show_floating_ip(cloud: Cloud, caller: Context, fip_id: str) -> dict[str, Any]:
    return _proxy_show(cloud, floating_ips.FLOATING_IPS, caller, fip_id)


def create_floating_ip(cloud: Cloud, caller: Context, network_id: str) -> dict[str, Any]:
    return _proxy_create(cloud, floating_ips.FLOATING_IPS, caller, {"floating_network_id": network_id})


def update_floating_ip(cloud: Cloud, caller: Context, fip_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return _proxy_update(cloud, floating_ips.FLOATING_IPS, caller, fip_id, body)


def delete_floating_ip(cloud: Cloud, caller: Context, fip_id: str) -> None:
    _proxy_delete(cloud, floating_ips.FLOATING_IPS, caller, fip_id)


def show_port(cloud: Cloud, caller: Context, port_id: str) -> dict[str, Any]:
    return _proxy_show(cloud, ports.PORTS, caller, port_id)


def list_ports(cloud: Cloud, caller: Context, device_id: str) -> list[dict[str, Any]]:
    """``GET /v2.0/ports?device_id=...``."""
    return _proxy_list(cloud, ports.PORTS, caller, t.ports.c.device_id == device_id)
