"""Routers: the attribute map (see the package docstring)."""

from __future__ import annotations

from typing import Any

import netaddr

from twinstack.network.schemas.converters import Attr, boolean, string_list


def _gateway_info(value: Any) -> Any:
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"'{value}' is not a dictionary")
    unknown = set(value) - {"network_id", "enable_snat", "external_fixed_ips", "qos_policy_id"}
    if unknown:
        raise ValueError(f"Unexpected keys supplied: {', '.join(sorted(unknown))}")
    if "network_id" not in value:
        raise ValueError(
            f"Validation of dictionary's keys failed. Expected keys: {{'network_id'}} Provided keys: {set(value)}"
        )
    out = dict(value)
    if "enable_snat" in out:
        out["enable_snat"] = boolean(out["enable_snat"])
    return out


def convert_routes(value: Any) -> Any:
    if value is None:
        return []  # neutron-lib's extraroute: convert_none_to_empty_list ("routes": null clears them)
    if not isinstance(value, list):
        raise ValueError(f"'{value}' is not a list")
    out = []
    for route in value:
        if not isinstance(route, dict) or set(route) != {"destination", "nexthop"}:
            raise ValueError(f"Invalid data format for hostroute: '{route}'")
        try:
            dest = netaddr.IPNetwork(route["destination"])
            hop = netaddr.IPAddress(route["nexthop"])
        except (netaddr.AddrFormatError, ValueError, TypeError):
            raise ValueError(f"Invalid data format for hostroute: '{route}'") from None
        item = {"destination": str(dest.cidr), "nexthop": str(hop)}
        if item in out:
            raise ValueError(f"Duplicate hostroute '{route}'")
        out.append(item)
    return out


ATTRIBUTES: list[Attr] = [
    Attr("admin_state_up", post=True, put=True, default=True, convert=boolean, filter=True, sort=True),
    Attr("status", filter=True, sort=True),
    Attr("external_gateway_info", column=None, post=True, put=True, default=None, convert=_gateway_info),
    Attr("routes", post=False, put=True, default=list, convert=convert_routes),
    Attr("distributed", post=True, put=True, default=False, convert=boolean, filter=True, admin=True),
    Attr("ha", post=True, put=True, default=False, convert=boolean, filter=True, admin=True),
    Attr("availability_zone_hints", post=True, default=list, convert=string_list),
    Attr("availability_zones", column=None),
    Attr("flavor_id", post=True, default=None, filter=True),
]
