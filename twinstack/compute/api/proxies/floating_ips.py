"""Nova's os-floating-ips and os-floating-ip-pools, answered from Neutron's floating IPs (a pool is
an external network, named by its name), and the addFloatingIp/removeFloatingIp server actions."""

from __future__ import annotations

from typing import Any

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import instances as inst
from twinstack.compute.api.proxies.common import authorize, capped, translated
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty

DEFAULT_POOL = "nova"  # Nova's [neutron] default_floating_pool


def _net() -> Any:
    from twinstack.network import quotas, tables
    from twinstack.network.api import floating_ips, generic

    return tables, generic, floating_ips, quotas


def _rows(conn: Connection, where: Any) -> list[dict[str, Any]]:
    """Floating IPs with their pool name and the server behind their port, in one query."""
    t = _net()[0]
    f, p, n = t.floating_ips.c, t.ports.c, t.networks.c
    query = (sa.select(f.id, f.floating_ip_address, f.fixed_ip_address, f.project_id, f.port_id,
                       n.name.label("pool"), p.device_id, p.device_owner)
             .join(t.networks, n.id == f.floating_network_id)
             .outerjoin(t.ports, p.id == f.port_id).where(where).order_by(f.created_at, f.id))
    return [dict(r._mapping) for r in conn.execute(query)]


def _view(row: dict[str, Any]) -> dict[str, Any]:
    server = row["device_id"] if row["port_id"] and (row["device_owner"] or "").startswith("compute:") else None
    return {"id": row["id"], "ip": row["floating_ip_address"], "fixed_ip": row["fixed_ip_address"],
            "instance_id": server or None, "pool": row["pool"]}


def _own(req: Req) -> Any:
    return _net()[0].floating_ips.c.project_id == req.context.project_id


def _find(req: Req, conn: Connection, fip_id: str) -> dict[str, Any]:
    rows = _rows(conn, sa.and_(_net()[0].floating_ips.c.id == fip_id, _own(req)))
    if not rows:
        raise ApiError(404, f"Floating IP not found for ID {fip_id}")
    return rows[0]


async def index(req: Req) -> Any:
    capped(req)
    authorize(req, "os-floating-ips:list")
    with req.cloud.store.read() as conn:
        return {"floating_ips": [_view(r) for r in _rows(conn, _own(req))]}


async def show(req: Req) -> Any:
    capped(req)
    authorize(req, "os-floating-ips:show")
    with req.cloud.store.read() as conn:
        return {"floating_ip": _view(_find(req, conn, req.params["floating_ip_id"]))}


def _pool(conn: Connection, name: str | None) -> str:
    """The external network a pool names; without a name, Nova's default pool ("nova"), else the
    cloud's default external network (Neutron's is_default), so a stock cloud allocates."""
    t = _net()[0]
    n = t.networks.c
    if name is None:
        row = conn.execute(sa.select(n.id).where(n.external.is_(True), n.name == DEFAULT_POOL)).first() or \
            conn.execute(sa.select(n.id).where(n.external.is_(True), n.is_default.is_(True))).first()
    else:
        rows = conn.execute(sa.select(n.id).where(n.external.is_(True), sa.or_(n.name == name, n.id == name))).all()
        if len(rows) > 1:
            raise ApiError(409, f"Multiple floating IP pools matches found for name '{name}'")
        row = rows[0] if rows else None
    if row is None:
        raise ApiError(404, "Floating IP pool not found.")
    return str(row[0])


async def create(req: Req) -> Any:
    capped(req)
    authorize(req, "os-floating-ips:create")
    body = await req.json(required=False)
    if body is not None and not isinstance(body, dict):
        raise ApiError(400, "The request body is invalid.")
    pool = (body or {}).get("pool")
    _, generic, fips, quotas = _net()
    caller = req.context
    with req.cloud.store.begin() as conn:
        net_id = _pool(conn, pool)
        with translated():
            try:
                prepared = generic.prepare(fips.FLOATING_IPS, {"floatingip": {"floating_network_id": net_id}},
                                           caller, True)
                generic.authorize_owner(req.cloud, caller, "create_floatingip", prepared)
                quotas.check(req.cloud, conn, prepared["project_id"], "floatingip", fips.FLOATING_IPS.table)
            except ApiError as err:
                if err.status == 409:
                    raise ApiError(403, "Maximum number of floating IPs exceeded") from None
                raise
            new_id = fips.FLOATING_IPS.ops.create(req.cloud, conn, prepared, caller)
        return {"floating_ip": _view(_find(req, conn, new_id))}


async def delete(req: Req) -> Any:
    capped(req)
    authorize(req, "os-floating-ips:delete")
    t, generic, fips, _ = _net()
    with req.cloud.store.begin() as conn:
        _find(req, conn, req.params["floating_ip_id"])
        with translated():
            row = generic.get_visible(conn, fips.FLOATING_IPS, req.params["floating_ip_id"], req.context)
            generic.authorize_owner(req.cloud, req.context, "delete_floatingip", row)
            fips.FLOATING_IPS.ops.delete(req.cloud, conn, row, req.context)
            conn.execute(t.tags.delete().where(t.tags.c.resource_id == row["id"]))
    return empty(202)


async def pools(req: Req) -> Any:
    capped(req)
    authorize(req, "os-floating-ip-pools:list")
    t = _net()[0]
    with req.cloud.store.read() as conn:
        names = conn.execute(sa.select(t.networks.c.name).where(t.networks.c.external.is_(True))
                             .order_by(t.networks.c.created_at, t.networks.c.id)).scalars().all()
    return {"floating_ip_pools": [{"name": name} for name in names]}


# -- server actions (registered into compute's action table by routes_proxies) -------------------
def _by_address(req: Req, conn: Connection, address: str) -> dict[str, Any]:
    t = _net()[0]
    rows = _rows(conn, sa.and_(t.floating_ips.c.floating_ip_address == address, _own(req)))
    if not rows:
        raise ApiError(404, f"floating IP not found")
    return rows[0]


async def add_floating_ip(req: Req, uuid: str, body: Any) -> Any:
    if req.at_least(2, 44):
        raise ApiError(404, "The resource could not be found.")
    if not isinstance(body, dict) or not isinstance(body.get("address"), str):
        raise ApiError(400, "Invalid input for field/attribute addFloatingIp. 'address' is a required property")
    address, fixed = body["address"], body.get("fixed_address")
    t, generic, fips, _ = _net()
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        authorize(req, "os-floating-ips:add", row["project_id"])
        fip = _by_address(req, conn, address)
        a, p = t.ip_allocations.c, t.ports.c
        candidates = [(r.port_id, r.ip_address) for r in conn.execute(
            sa.select(a.port_id, a.ip_address).join(t.ports, p.id == a.port_id)
            .where(p.device_id == uuid, p.device_owner.like("compute:%")).order_by(p.created_at, a.ip_key))
            if netaddr.IPAddress(r.ip_address).version == 4]
        if fixed is not None:
            candidates = [c for c in candidates if c[1] == fixed]
            if not candidates:
                raise ApiError(400, "Specified fixed address not assigned to instance")
        if not candidates:
            raise ApiError(400, "No nw_info cache associated with instance")
        port_id, fixed_ip = candidates[0]
        with translated(conflict_status=400):
            current = generic.get_visible(conn, fips.FLOATING_IPS, fip["id"], req.context)
            generic.update_row(req.cloud, conn, fips.FLOATING_IPS, current,
                               {"port_id": port_id, "fixed_ip_address": fixed_ip}, req.context)
    return empty(202)


async def remove_floating_ip(req: Req, uuid: str, body: Any) -> Any:
    if req.at_least(2, 44):
        raise ApiError(404, "The resource could not be found.")
    if not isinstance(body, dict) or not isinstance(body.get("address"), str):
        raise ApiError(400, "Invalid input for field/attribute removeFloatingIp. 'address' is a required property")
    _, generic, fips, _ = _net()
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        authorize(req, "os-floating-ips:remove", row["project_id"])
        fip = _by_address(req, conn, body["address"])
        if not fip["port_id"]:
            raise ApiError(400, "Floating IP is not associated")
        if fip["device_id"] != uuid:
            raise ApiError(409, f"Floating IP {body['address']} is not associated with instance {uuid}.")
        with translated():
            current = generic.get_visible(conn, fips.FLOATING_IPS, fip["id"], req.context)
            generic.update_row(req.cloud, conn, fips.FLOATING_IPS, current, {"port_id": None}, req.context)
    return empty(202)
