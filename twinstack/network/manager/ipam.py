"""IP address management (neutron/ipam, small): subnet geometry (CIDR checks, default gateway and
allocation pools) and allocation of fixed IPs.

Each subnet keeps a cursor: the next search for a free address starts there and walks the allocated
addresses in key order (an index range scan), so an allocation costs O(1) in the common case instead
of a scan of the subnet. Allocations are rows with a unique (network_id, ip_address): a racing
writer cannot take the same address twice.
"""

from __future__ import annotations

import functools
from typing import Any

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.network import errors as E
from twinstack.network import tables as t

_CHUNK = 256
SLAAC_MODES = ("slaac", "dhcpv6-stateless")


def key(ip: int | netaddr.IPAddress) -> str:
    """A fixed-width key that sorts as the address does (v4 and v6 never share a subnet)."""
    return f"{int(ip):032x}"


# -- geometry ------------------------------------------------------------------------------------
def parse_cidr(value: Any, ip_version: int | None) -> netaddr.IPNetwork:
    if not isinstance(value, str) or "/" not in value:
        raise E.bad(f"Invalid input for cidr. Reason: '{value}' is not a valid IP subnet.", "HTTPBadRequest")
    try:
        net = netaddr.IPNetwork(value)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise E.bad(f"Invalid input for cidr. Reason: '{value}' is not a valid IP subnet.", "HTTPBadRequest") from None
    # neutron-lib's validate_subnet compares the text with netaddr's spelling of it, host bits and all:
    # "10.99.99.0/16" passes (and is stored as 10.99.0.0/16), "10.0.0.0/024" does not
    if net.version == 4 and str(net) != value:
        raise E.bad(f"Invalid input for cidr. Reason: '{value}' isn't a recommended CIDR, "
                    f"'{net.cidr}' is recommended.", "HTTPBadRequest")
    if ip_version is not None and net.version != ip_version:
        raise E.invalid_input(f"Cidr {value} does not match ip_version {ip_version}")
    if (net.version == 4 and net.prefixlen > 32) or (net.version == 6 and net.prefixlen > 128):
        raise E.bad(f"Invalid input for cidr. Reason: '{value}' is not a valid IP subnet.", "HTTPBadRequest")
    if net.prefixlen == 0:
        raise E.invalid_input("0 is not allowed as CIDR prefix length")
    return net.cidr


def parse_ip(value: Any, name: str, version: int | None = None) -> netaddr.IPAddress:
    try:
        if not isinstance(value, str) or "/" in value:
            raise ValueError
        ip = netaddr.IPAddress(value)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise E.bad(f"Invalid input for {name}. Reason: '{value}' is not a valid IP address.",
                    "HTTPBadRequest") from None
    if version is not None and ip.version != version:
        raise E.bad(f"Invalid input for {name}. Reason: '{value}' is not a valid IPv{version} address.",
                    "HTTPBadRequest")
    return ip


def usable(net: netaddr.IPNetwork) -> tuple[int, int]:
    """First and last addresses a port may hold: not the network address, not the v4 broadcast."""
    if net.version == 4:
        if net.prefixlen >= 31:
            return net.first, net.last
        return net.first + 1, net.last - 1
    return net.first + 1, net.last


def default_gateway(net: netaddr.IPNetwork) -> str | None:
    first, last = usable(net)
    return str(netaddr.IPAddress(first, net.version)) if first <= last else None


def default_pools(net: netaddr.IPNetwork, gateway: str | None) -> list[dict[str, str]]:
    first, last = usable(net)
    ranges = [(first, last)]
    if gateway is not None:
        gw = int(netaddr.IPAddress(gateway))
        ranges = [r for r in [(first, min(last, gw - 1)), (max(first, gw + 1), last)] if r[0] <= r[1]] \
            if first <= gw <= last else ranges
    return [{"start": str(netaddr.IPAddress(a, net.version)), "end": str(netaddr.IPAddress(b, net.version))}
            for a, b in ranges if a <= b]


def check_pools(net: netaddr.IPNetwork, pools: Any, gateway: str | None) -> list[dict[str, str]]:
    if not isinstance(pools, list):
        raise E.bad(f"Invalid input for allocation_pools. Reason: Invalid data format for IP pool: '{pools}'.",
                    "HTTPBadRequest")
    first, last = usable(net)
    ranges: list[tuple[int, int]] = []
    out = []
    for pool in pools:
        if not isinstance(pool, dict) or set(pool) != {"start", "end"}:
            raise E.bad(f"Invalid input for allocation_pools. Reason: Invalid data format for IP pool: '{pool}'.",
                        "HTTPBadRequest")
        start = parse_ip(pool["start"], "allocation_pools", net.version)
        end = parse_ip(pool["end"], "allocation_pools", net.version)
        if int(start) > int(end):
            raise E.bad(f"Invalid input for operation: The allocation pool {pool['start']}-{pool['end']} is "
                        "not valid.", "InvalidAllocationPool")
        if int(start) < first or int(end) > last:
            raise E.bad(f"The allocation pool {start}-{end} spans beyond the subnet cidr {net}.",
                        "OutOfBoundsAllocationPool")
        for a, b in ranges:
            if int(start) <= b and a <= int(end):
                other = f"{netaddr.IPAddress(a, net.version)}-{netaddr.IPAddress(b, net.version)}"
                raise E.bad(f"Found overlapping allocation pools: {start}-{end} and {other} for subnet {net}.",
                            "OverlappingAllocationPools")
        ranges.append((int(start), int(end)))
        out.append({"start": str(start), "end": str(end)})
    if gateway is not None:
        gw = int(netaddr.IPAddress(gateway))
        for pool, (a, b) in zip(out, ranges, strict=True):
            if a <= gw <= b:
                raise E.in_use(f"Gateway ip {gateway} conflicts with allocation pool {pool['start']}-{pool['end']}.",
                               "GatewayConflictWithAllocationPools")
    return out


def pool_ranges(subnet: dict[str, Any]) -> list[tuple[int, int]]:
    return list(_ranges(tuple((p["start"], p["end"]) for p in subnet["allocation_pools"])))


@functools.lru_cache(maxsize=1024)
def _ranges(pools: tuple[tuple[str, str], ...]) -> tuple[tuple[int, int], ...]:
    """Pools as sorted integer ranges, by their text (netaddr parses an address in ~2 us; every allocation
    asks for its subnet's)."""
    return tuple(sorted((int(netaddr.IPAddress(start)), int(netaddr.IPAddress(end))) for start, end in pools))


# -- allocation ------------------------------------------------------------------------------------
# Statements built once: SQLAlchemy memoizes a statement's cache key on the object, so these skip
# building and hashing a new statement on every allocation (a boot allocates a port or two).
_INSERT = t.ip_allocations.insert()
_SET_CURSOR = t.subnets.update().where(t.subnets.c.id == sa.bindparam("b_subnet_id")).values(
    ipam_cursor=sa.bindparam("b_cursor"))
_KEYS_FROM = (sa.select(t.ip_allocations.c.ip_key)
              .where(t.ip_allocations.c.subnet_id == sa.bindparam("subnet_id"),
                     t.ip_allocations.c.ip_key >= sa.bindparam("low"),
                     t.ip_allocations.c.ip_key <= sa.bindparam("high"))
              .order_by(t.ip_allocations.c.ip_key).limit(_CHUNK))


def _insert(conn: Connection, subnet: dict[str, Any], port_id: str, ip: netaddr.IPAddress,
            savepoint: bool = True) -> bool:
    values = {"port_id": port_id, "subnet_id": subnet["id"], "network_id": subnet["network_id"],
              "ip_address": str(ip), "ip_key": key(ip)}
    if not savepoint:
        conn.execute(_INSERT, values)
        return True
    try:
        with conn.begin_nested():
            conn.execute(_INSERT, values)
        return True
    except sa.exc.IntegrityError:
        return False


def allocate_specific(conn: Connection, subnet: dict[str, Any], port_id: str, address: str) -> str:
    net = netaddr.IPNetwork(subnet["cidr"])
    ip = parse_ip(address, "fixed_ips")
    first, last = usable(net)
    if ip.version != net.version or not (first <= int(ip) <= last):
        raise E.invalid_ip_for_subnet(address)
    if not _insert(conn, subnet, port_id, ip):
        raise E.ip_already_allocated(str(ip), subnet["id"])
    return str(ip)


def allocate_eui64(conn: Connection, subnet: dict[str, Any], port_id: str, mac: str) -> str:
    net = netaddr.IPNetwork(subnet["cidr"])
    ip = netaddr.EUI(mac).ipv6(net.network)  # modified EUI-64, as SLAAC hosts configure themselves
    if not _insert(conn, subnet, port_id, ip):
        raise E.ip_already_allocated(str(ip), subnet["id"])
    return str(ip)


def allocate_any(conn: Connection, subnet: dict[str, Any], port_id: str) -> str | None:
    """The next free address in the subnet's pools, from its cursor; None when they are full."""
    ranges = pool_ranges(subnet)
    if not ranges:
        return None
    version = subnet["ip_version"]
    cursor = int(subnet["ipam_cursor"], 16) if subnet.get("ipam_cursor") else ranges[0][0]
    segments = [(max(a, cursor), b) for a, b in ranges if b >= cursor] + \
               [(a, min(b, cursor - 1)) for a, b in ranges if a < cursor]
    for _attempt in range(3):  # a lost race on the unique key: look again
        for start, end in segments:
            found = _first_free(conn, subnet["id"], start, end)
            if found is None:
                continue
            ip = netaddr.IPAddress(found, version)
            # the scan saw it free and one process's writers are serialised: no savepoint needed on
            # SQLite; on a server database another process (a cluster's API workers, its conductor) may
            # take the same address first: the unique key stops it, the savepoint keeps the transaction
            if _insert(conn, subnet, port_id, ip, savepoint=conn.dialect.name != "sqlite"):
                conn.execute(_SET_CURSOR, {"b_subnet_id": subnet["id"], "b_cursor": key(found + 1)})
                subnet["ipam_cursor"] = key(found + 1)
                return str(ip)
            break
        else:
            return None
    return None


def _first_free(conn: Connection, subnet_id: str, start: int, end: int) -> int | None:
    candidate = start
    while candidate <= end:
        bounds = {"subnet_id": subnet_id, "low": key(candidate), "high": key(end)}
        keys = conn.execute(_KEYS_FROM, bounds).scalars().all()
        for k in keys:
            value = int(k, 16)
            if value != candidate:
                return candidate
            candidate += 1
        if len(keys) < _CHUNK:
            return candidate if candidate <= end else None
    return None


def release(conn: Connection, port_id: str, subnet_id: str | None = None, ip: str | None = None) -> None:
    query = t.ip_allocations.delete().where(t.ip_allocations.c.port_id == port_id)
    if subnet_id is not None:
        query = query.where(t.ip_allocations.c.subnet_id == subnet_id)
    if ip is not None:
        query = query.where(t.ip_allocations.c.ip_address == ip)
    conn.execute(query)
