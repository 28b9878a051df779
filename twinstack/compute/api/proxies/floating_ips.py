"""Nova's os-floating-ips and os-floating-ip-pools, answered from Neutron's floating IPs (a pool is
an external network, named by its name), and the addFloatingIp/removeFloatingIp server actions."""

from __future__ import annotations

from typing import Any

import uuid as uuid_module

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import instances as inst
from twinstack.compute.api.proxies.common import authorize, capped, translated
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate

DEFAULT_POOL = "nova"  # Nova's [neutron] default_floating_pool
CREATE = {"type": ["object", "null"], "properties": {"pool": {"type": ["string", "null"]}}}
_IP = {"type": "string", "oneOf": [{"format": "ipv4"}, {"format": "ipv6"}]}
ADD = {"type": "object", "properties": {"address": _IP, "fixed_address": _IP}, "required": ["address"],
       "additionalProperties": False}
REMOVE = {"type": "object", "properties": {"address": _IP}, "required": ["address"], "additionalProperties": False}


def _net() -> Any:
    from twinstack.network import quotas, tables
    from twinstack.network.api import floating_ips, generic

    return tables, generic, floating_ips, quotas


def _rows(conn: Connection, where: Any) -> list[dict[str, Any]]:
    """Floating IPs with their pool name and the server behind their port, in one query."""
    t = _net()[0]
    f, p, n = t.floating_ips.c, t.ports.c, t.networks.c
    query = (sa.select(f.id, f.floating_ip_address, f.fixed_ip_address, f.project_id, f.port_id,
                       n.name.label("pool"), n.id.label("network_id"), p.device_id, p.device_owner)
             .join(t.networks, n.id == f.floating_network_id)
             .outerjoin(t.ports, p.id == f.port_id).where(where).order_by(f.created_at, f.id))
    return [dict(r._mapping) for r in conn.execute(query)]


def _view(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "ip": row["floating_ip_address"], "fixed_ip": row["fixed_ip_address"],
            "instance_id": (row["device_id"] or None) if row["port_id"] else None,
            "pool": row["pool"] or row["network_id"]}


def _is_uuid(value: str) -> bool:
    try:
        uuid_module.UUID(value)
    except ValueError:
        return False
    return True


def _own(req: Req) -> Any:
    return _net()[0].floating_ips.c.project_id == req.context.project_id


def _reachable(req: Req) -> Any:
    """What the caller's token reaches by id or address in Neutron: any, for an admin."""
    return sa.true() if req.context.is_admin else _own(req)


def _find(req: Req, conn: Connection, fip_id: str) -> dict[str, Any]:
    if not _is_uuid(fip_id):
        raise ApiError(400, f"Invalid ID received {fip_id}.")
    rows = _rows(conn, sa.and_(_net()[0].floating_ips.c.id == fip_id, _reachable(req)))
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
    body = validate(await req.json(required=False), CREATE)
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
                    raise ApiError(403, f"IP allocation over quota in pool {pool}." if pool else
                                   "IP allocation over quota.") from None
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
    req.authorize("os_compute_api:os-floating-ip-pools", {})
    t = _net()[0]
    with req.cloud.store.read() as conn:
        rows = conn.execute(sa.select(t.networks.c.id, t.networks.c.name).where(t.networks.c.external.is_(True))
                            .order_by(t.networks.c.created_at, t.networks.c.id)).all()
    return {"floating_ip_pools": [{"name": row.name or row.id} for row in rows]}


# -- server actions (registered into compute's action table by routes_proxies) -------------------
def _by_address(req: Req, conn: Connection, address: str) -> dict[str, Any]:
    t = _net()[0]
    rows = _rows(conn, sa.and_(t.floating_ips.c.floating_ip_address == address, _reachable(req)))
    if not rows:
        raise ApiError(404, "floating IP not found")
    return rows[0]


async def add_floating_ip(req: Req, uuid: str, body: Any) -> Any:
    """Associate with the server's first IPv4 fixed address (or the one named), as Nova does."""
    if req.at_least(2, 44):
        raise ApiError(404, "The resource could not be found.")
    validate(body, ADD)
    address, fixed = body["address"], body.get("fixed_address")
    t, generic, fips, _ = _net()
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        authorize(req, "os-floating-ips:add", row["project_id"])
        a, p = t.ip_allocations.c, t.ports.c
        fixed_ips = [(r.port_id, r.ip_address) for r in conn.execute(
            sa.select(a.port_id, a.ip_address).join(t.ports, p.id == a.port_id)
            .where(p.device_id == uuid, p.device_owner.like("compute:%")).order_by(p.created_at, p.id, a.ip_key))]
        if not fixed_ips:
            raise ApiError(400, "Instance network is not ready yet")
        if fixed is not None:
            chosen = [f for f in fixed_ips if f[1] == fixed]
            if not chosen:
                raise ApiError(400, "Specified fixed address not assigned to instance")
        else:
            chosen = [f for f in fixed_ips if netaddr.IPAddress(f[1]).version == 4]
            if not chosen:
                raise ApiError(400, f"Unable to associate floating IP {address} to any fixed IPs for instance "
                                    f"{uuid}. Instance has no fixed IPv4 addresses to associate.")
        port_id, fixed_ip = chosen[0]
        fip = _by_address(req, conn, address)
        try:
            current = generic.get_visible(conn, fips.FLOATING_IPS, fip["id"], req.context)
            generic.update_row(req.cloud, conn, fips.FLOATING_IPS, current,
                               {"port_id": port_id, "fixed_ip_address": fixed_ip}, req.context)
        except ApiError as err:
            if err.status == 403:
                raise ApiError(403, err.message) from None
            raise ApiError(400, f"Unable to associate floating IP {address} to fixed IP {fixed_ip} for instance "
                                f"{uuid}. Error: {err.message}") from None
    return empty(202)


async def remove_floating_ip(req: Req, uuid: str, body: Any) -> Any:
    if req.at_least(2, 44):
        raise ApiError(404, "The resource could not be found.")
    validate(body, REMOVE)
    address = body["address"]
    _, generic, fips, _ = _net()
    with req.cloud.store.begin() as conn:
        fip = _by_address(req, conn, address)
        server = fip["device_id"] if fip["port_id"] and (fip["device_owner"] or "").startswith("compute:") else None
        project = None
        if server:
            try:
                project = inst.get(conn, server, req.context)["project_id"]
            except ApiError:
                server = None
        authorize(req, "os-floating-ips:remove", project)
        if server != uuid:
            raise ApiError(409, f"Floating IP {address} is not associated with instance {uuid}.")
        with translated():
            current = generic.get_visible(conn, fips.FLOATING_IPS, fip["id"], req.context)
            generic.update_row(req.cloud, conn, fips.FLOATING_IPS, current, {"port_id": None}, req.context)
    return empty(202)
