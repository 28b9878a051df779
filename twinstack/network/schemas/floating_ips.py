"""Floating ips: the attribute map (see the package docstring)."""

from __future__ import annotations

from typing import Any

import netaddr

from twinstack.network.schemas.converters import REQUIRED, Attr, dns_domain, dns_name, uuid, uuid_or_none


def _ip_or_none(value: Any) -> Any:
    if value is None:
        return None
    try:
        if not isinstance(value, str) or "/" in value:
            raise ValueError
        return str(netaddr.IPAddress(value))
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise ValueError(f"'{value}' is not a valid IP address") from None


ATTRIBUTES: list[Attr] = [
    Attr("floating_network_id", post=True, default=REQUIRED, convert=uuid, filter=True, sort=True),
    Attr("floating_ip_address", post=True, default=None, convert=_ip_or_none, filter=True, sort=True, admin_set=True),
    Attr("subnet_id", column=None, post=True, default=None, convert=uuid_or_none, visible=False),
    Attr("port_id", post=True, put=True, default=None, convert=uuid_or_none, filter=True, sort=True),
    Attr("fixed_ip_address", post=True, put=True, default=None, convert=_ip_or_none, filter=True, sort=True),
    Attr("router_id", filter=True, sort=True),
    Attr("status", filter=True, sort=True),
    Attr("dns_name", post=True, default="", convert=dns_name, filter=True),
    Attr("dns_domain", post=True, default="", convert=dns_domain, filter=True),
    Attr("port_details", column=None),
    Attr("port_forwardings", column=None),
    Attr("qos_policy_id", post=True, put=True, default=None, convert=uuid_or_none, filter=True),  # qos-fip
]
