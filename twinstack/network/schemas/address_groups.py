"""Address groups: the attribute map (see the package docstring)."""

from __future__ import annotations

from typing import Any

import netaddr

from twinstack.network.schemas.converters import Attr, repeated


def cidr(value: Any) -> str:
    """neutron-lib's validate_subnet: a CIDR as written (host bits allowed: 10.0.0.5/24), or why not."""
    try:
        net = netaddr.IPNetwork(value) if isinstance(value, str) and value.strip() == value else None
    except (netaddr.AddrFormatError, ValueError, TypeError):
        net = None
    if net is None:
        raise ValueError(f"'{value}' is not a valid IP subnet")
    if "/" not in value or (net.version == 4 and str(net) != value):
        raise ValueError(f"'{value}' isn't a recognized IP subnet cidr, '{net.cidr}' is recommended")
    return normalized(value)


def normalized(value: str) -> str:
    """The address group's form of a CIDR: its network (10.0.0.5/24 -> 10.0.0.0/24), as the DB mixin keeps it."""
    return str(netaddr.IPNetwork(value).cidr)


def subnet_list(value: Any) -> list[str]:
    """validate_subnet_list: a list (null: empty) of CIDRs, none given twice."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"'{value}' is not a list")
    twice = repeated(value)
    if twice:
        raise ValueError(f"Duplicate items in the list: '{', '.join(twice)}'")
    return sorted({cidr(x) for x in value})


ATTRIBUTES: list[Attr] = [
    Attr("addresses", post=True, default=None, convert=subnet_list),
]
