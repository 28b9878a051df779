"""Subnets: the attribute map (see the package docstring)."""

from __future__ import annotations

from typing import Any

from twinstack.network.schemas.converters import (
    REQUIRED,
    Attr,
    boolean,
    int_one_of,
    integer,
    one_of,
    uuid,
    uuid_or_none,
)

IPV6_MODES = ("slaac", "dhcpv6-stateful", "dhcpv6-stateless")


class _Unset:
    pass


UNSET: Any = _Unset()


def _gateway(value: Any) -> Any:
    return value  # validated against the CIDR in create/update


def _service_types(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f"'{value}' is not a list")
    for item in value:
        owner = isinstance(item, str) and item.startswith(("network:", "compute:"))
        known = owner or item == "neutron:LOADBALANCERV2"
        if not known:
            raise ValueError(f"Subnet service type {item} does not correspond to a valid device owner")
    return list(dict.fromkeys(value))


ATTRIBUTES: list[Attr] = [
    Attr("network_id", post=True, default=REQUIRED, convert=uuid, filter=True, sort=True),
    Attr("ip_version", post=True, default=REQUIRED, convert=int_one_of(4, 6), filter=True, sort=True),
    Attr("cidr", post=True, default=None, filter=True, sort=True),
    Attr("prefixlen", column=None, post=True, visible=False, convert=integer(0, 128)),
    Attr("gateway_ip", post=True, put=True, default=UNSET, convert=_gateway, filter=True, sort=True),
    Attr("allocation_pools", post=True, put=True, default=None),
    Attr("dns_nameservers", post=True, put=True, default=list),
    Attr("host_routes", post=True, put=True, default=list),
    Attr("enable_dhcp", post=True, put=True, default=True, convert=boolean, filter=True, sort=True),
    Attr("ipv6_ra_mode", post=True, default=None, convert=one_of(*IPV6_MODES, nullable=True), filter=True, sort=True),
    Attr(
        "ipv6_address_mode",
        post=True,
        default=None,
        convert=one_of(*IPV6_MODES, nullable=True),
        filter=True,
        sort=True,
    ),
    Attr("subnetpool_id", post=True, default=None, convert=uuid_or_none, filter=True, sort=True),
    Attr("use_default_subnetpool", column=None, post=True, visible=False, convert=boolean),
    Attr("segment_id", post=True, default=None, convert=uuid_or_none, filter=True),
    Attr("service_types", post=True, put=True, default=list, convert=_service_types),
]
