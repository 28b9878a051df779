"""Network IP availability (network-ip-availability, admin-only): addresses in the pools and in use,
per network and per subnet, counted with one grouped query."""

from __future__ import annotations

from typing import Any

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.network import errors as E
from twinstack.network import tables as t

_FILTERS = {"network_id": t.networks.c.id, "network_name": t.networks.c.name,
            "project_id": t.networks.c.project_id, "tenant_id": t.networks.c.project_id}


def _pool_size(pools: list[dict[str, str]]) -> int:
    return sum(int(netaddr.IPAddress(p["end"])) - int(netaddr.IPAddress(p["start"])) + 1 for p in pools)


def availabilities(conn: Connection, params: Any, network_id: str | None = None) -> list[dict[str, Any]]:
    """Per network (one, or those the filters in ``params`` select) and per subnet: pool size and use."""
    query = sa.select(t.networks.c.id, t.networks.c.name, t.networks.c.project_id).order_by(t.networks.c.id)
    if network_id is not None:
        query = query.where(t.networks.c.id == network_id)
    for key in params:
        if key in _FILTERS:
            query = query.where(_FILTERS[key].in_(params.getlist(key)))
        elif key not in ("ip_version", "fields"):
            raise E.bad(f"[{key}] is invalid attribute for filtering", "HTTPBadRequest")
    versions = [int(v) for v in params.getlist("ip_version") if v.isdigit()]
    nets = conn.execute(query).all()
    ids = [n.id for n in nets]
    subnets = conn.execute(sa.select(t.subnets).where(t.subnets.c.network_id.in_(ids))
                           .order_by(t.subnets.c.created_at)).all() if ids else []
    used: dict[str, int] = dict(conn.execute(
        sa.select(t.ip_allocations.c.subnet_id, sa.func.count()).where(t.ip_allocations.c.network_id.in_(ids))
        .group_by(t.ip_allocations.c.subnet_id)).tuples().all()) if ids else {}
    out = []
    for net in nets:
        subs = [s for s in subnets if s.network_id == net.id and (not versions or s.ip_version in versions)]
        if versions and not subs:
            continue
        per = [{"subnet_id": s.id, "subnet_name": s.name, "cidr": s.cidr, "ip_version": s.ip_version,
                "total_ips": _pool_size(s.allocation_pools), "used_ips": used.get(s.id, 0)} for s in subs]
        out.append({"network_id": net.id, "network_name": net.name, "project_id": net.project_id,
                    "tenant_id": net.project_id, "total_ips": sum(p["total_ips"] for p in per),
                    "used_ips": sum(p["used_ips"] for p in per), "subnet_ip_availability": per})
    return out
