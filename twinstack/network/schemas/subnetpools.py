"""Subnetpools: the attribute map (see the package docstring)."""

from __future__ import annotations

from typing import Any

import netaddr

from twinstack.network.schemas.converters import REQUIRED, Attr, boolean, integer, uuid_or_none


def prefixes(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"'{value}' is not a list of prefixes")
    out = []
    for item in value:
        try:
            net = netaddr.IPNetwork(item) if isinstance(item, str) and "/" in item else None
        except (netaddr.AddrFormatError, ValueError):
            net = None
        if net is None:
            raise ValueError(f"'{item}' is not a valid IP subnet")
        out.append(net.cidr)
    if len({n.version for n in out}) > 1:
        raise ValueError("Cannot mix IPv4 and IPv6 prefixes in a subnet pool")
    return [str(n) for n in netaddr.cidr_merge(out)]


# the three prefix lengths are declared alike
_PREFIXLEN: dict[str, Any] = {
    "post": True, "put": True, "default": None, "convert": integer(0, 128, nullable=True), "filter": True, "sort": True,
}

ATTRIBUTES: list[Attr] = [
    Attr("prefixes", post=True, put=True, default=REQUIRED, convert=prefixes),
    Attr("ip_version", filter=True, sort=True),
    Attr("default_prefixlen", **_PREFIXLEN),
    Attr("min_prefixlen", **_PREFIXLEN),
    Attr("max_prefixlen", **_PREFIXLEN),
    Attr("shared", post=True, default=False, convert=boolean, filter=True, sort=True, admin_set=True),
    Attr("is_default", post=True, put=True, default=False, convert=boolean, filter=True, sort=True, admin_set=True),
    Attr("default_quota", post=True, put=True, default=None, convert=integer(0, nullable=True), filter=True),
    Attr("address_scope_id", post=True, put=True, default=None, convert=uuid_or_none, filter=True),
]
