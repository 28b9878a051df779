"""Subnet pools (subnet_allocation, default-subnetpools): prefixes a subnet's CIDR is carved from, as
DevStack's shared default pools give the private network its 10.0.0.0/26."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import address_scopes, base
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.schemas import subnetpools as subnetpools_schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def _clear_default(conn: Connection, version: int) -> None:
    conn.execute(t.subnetpools.update().where(t.subnetpools.c.ip_version == version,
                                              t.subnetpools.c.is_default.is_(True)).values(is_default=False))


class SubnetPoolOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        return sa.or_(t.subnetpools.c.project_id == (caller.project_id if caller else None),
                      t.subnetpools.c.shared.is_(True))

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        version = netaddr.IPNetwork(values["prefixes"][0]).version
        address_scopes.check(conn, values.get("address_scope_id"), version, caller)
        width = 32 if version == 4 else 128
        values["ip_version"] = version
        low = values.get("min_prefixlen")
        low = (8 if version == 4 else 64) if low is None else low
        high = width if values.get("max_prefixlen") is None else values["max_prefixlen"]
        default = low if values.get("default_prefixlen") is None else values["default_prefixlen"]
        shortest = min(netaddr.IPNetwork(p).prefixlen for p in values["prefixes"])
        low = max(low, shortest) if values.get("min_prefixlen") is None else low
        default = max(default, low)
        if not (0 <= low <= default <= high <= width):
            raise E.bad(f"Illegal prefix bounds: min_prefixlen={low}, default_prefixlen={default}, "
                        f"max_prefixlen={high}.", "IllegalSubnetPoolPrefixBounds")
        values.update(min_prefixlen=low, max_prefixlen=high, default_prefixlen=default)
        if values.get("is_default"):
            _clear_default(conn, version)
        return base.insert_row(cloud, conn, SUBNETPOOLS, values)

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        if changes.get("address_scope_id") is not None:
            address_scopes.check(conn, changes["address_scope_id"], row["ip_version"], caller)
        bounds = {k: changes.get(k, row[k]) for k in ("min_prefixlen", "default_prefixlen", "max_prefixlen")}
        width = 32 if row["ip_version"] == 4 else 128
        if any(v is None for v in bounds.values()) or not (
                0 <= bounds["min_prefixlen"] <= bounds["default_prefixlen"] <= bounds["max_prefixlen"] <= width):
            raise E.bad(f"Illegal prefix bounds: min_prefixlen={bounds['min_prefixlen']}, default_prefixlen="
                        f"{bounds['default_prefixlen']}, max_prefixlen={bounds['max_prefixlen']}.",
                        "IllegalSubnetPoolPrefixBounds")
        if "prefixes" in changes:
            new = [netaddr.IPNetwork(p) for p in changes["prefixes"]]
            check_version(new[0], row["ip_version"])
            old = [netaddr.IPNetwork(p) for p in row["prefixes"]]
            if any(not any(o in n or o == n for n in new) for o in old):
                raise E.bad("Illegal update to prefixes: prefixes may only be extended.",
                            "IllegalSubnetPoolPrefixUpdate")
        if changes.get("is_default"):
            _clear_default(conn, row["ip_version"])

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        if conn.execute(sa.select(t.subnets.c.id).where(t.subnets.c.subnetpool_id == row["id"]).limit(1)).first():
            raise E.in_use(f"Subnet pool {row['id']} is still in use", "SubnetPoolInUse")
        conn.execute(t.subnetpools.delete().where(t.subnetpools.c.id == row["id"]))


def check_version(prefix: netaddr.IPNetwork, version: int) -> None:
    if prefix.version != version:
        raise E.bad("Cannot mix IPv4 and IPv6 prefixes in a subnet pool.", "PrefixVersionMismatch")


def change_prefixes(cloud: Cloud, conn: Connection, pool: dict[str, Any], given: list[Any], add: bool,
                    caller: Context | None) -> list[str]:
    """add_prefixes (an update of ``prefixes`` to old + given: checked as one) or remove_prefixes (never a
    prefix a subnet was carved from; prefixes the pool does not hold change nothing)."""
    try:
        given_nets = subnetpools_schema.prefixes(given)
    except ValueError as exc:
        raise E.bad(f"Invalid input for prefixes. Reason: {exc}.", "HTTPBadRequest") from None
    if add:
        check_version(netaddr.IPNetwork(given_nets[0]), pool["ip_version"])  # before merging the two
        merged = subnetpools_schema.prefixes([*pool["prefixes"], *given_nets])
        SUBNETPOOLS.ops.update(cloud, conn, pool, {"prefixes": merged}, caller)
    else:
        held, removed = netaddr.IPSet(pool["prefixes"]), netaddr.IPSet(given_nets)
        if held.isdisjoint(removed):
            return list(pool["prefixes"])
        carved = netaddr.IPSet(conn.execute(sa.select(t.subnets.c.cidr).where(
            t.subnets.c.subnetpool_id == pool["id"])).scalars().all())
        if not carved.isdisjoint(removed):
            raise E.bad("Illegal update to prefixes: One or more the prefixes to be removed is in use by a subnet.",
                        "IllegalSubnetPoolPrefixUpdate")
        merged = [str(c) for c in (held - removed).iter_cidrs()]
    base.bump(cloud, conn, t.subnetpools, pool["id"], {"prefixes": merged})
    return merged


def carve(conn: Connection, pool: dict[str, Any], cidr: str | None, prefixlen: int | None) -> str:
    """A CIDR for a new subnet from ``pool``: the requested one if it fits, else the first free block."""
    prefixes = [netaddr.IPNetwork(p) for p in pool["prefixes"]]
    used = [netaddr.IPNetwork(c) for (c,) in conn.execute(
        sa.select(t.subnets.c.cidr).where(t.subnets.c.subnetpool_id == pool["id"]))]
    if cidr is not None:
        net = netaddr.IPNetwork(cidr)
        if not any(net in p for p in prefixes):
            raise E.bad(f"Unable to allocate subnet with prefix length {net.prefixlen}, the subnet {cidr} is not in "
                        f"the prefixes of subnet pool {pool['id']}.", "SubnetAllocationError")
        if any(net.first <= u.last and u.first <= net.last for u in used):
            raise E.in_use(f"Unable to allocate subnet {cidr} from subnet pool {pool['id']}: it overlaps an "
                           "allocated subnet.", "SubnetAllocationError")
        return str(net.cidr)
    length = pool["default_prefixlen"] if prefixlen is None else prefixlen
    if not pool["min_prefixlen"] <= length <= pool["max_prefixlen"]:
        raise E.bad(f"Unable to allocate subnet with prefix length {length}, minimum allowed prefix is "
                    f"{pool['min_prefixlen']}, maximum allowed prefix is {pool['max_prefixlen']}.",
                    "SubnetAllocationError")
    used.sort(key=lambda n: n.first)
    for prefix in prefixes:
        if length < prefix.prefixlen:
            continue
        start = prefix.first
        size = 1 << ((32 if prefix.version == 4 else 128) - length)
        while start + size - 1 <= prefix.last:
            clash = next((u for u in used if u.first <= start + size - 1 and start <= u.last), None)
            if clash is None:
                return str(netaddr.IPNetwork(f"{netaddr.IPAddress(start, prefix.version)}/{length}"))
            start = ((clash.last + 1 + size - 1) // size) * size  # jump past what is used, aligned
    raise E.in_use(f"Unable to allocate subnet with prefix length {length}, no address space left in subnet pool "
                   f"{pool['id']}.", "SubnetAllocationError")


def default_pool(conn: Connection, version: int) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.subnetpools).where(t.subnetpools.c.ip_version == version,
                                                      t.subnetpools.c.is_default.is_(True))).first()
    return dict(row._mapping) if row else None


SUBNETPOOLS = Resource(
    "subnetpool", "subnetpools", t.subnetpools, subnetpools_schema.ATTRIBUTES,
    SubnetPoolOps(), kind="Subnet pool", error_type="SubnetPool", quota="subnetpool",
)
