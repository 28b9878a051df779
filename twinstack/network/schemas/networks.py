"""Networks: the attribute map (see the package docstring)."""

from __future__ import annotations

from twinstack.network.schemas.converters import (
    Attr,
    boolean,
    dns_domain,
    integer,
    one_of,
    string,
    string_list,
    uuid_or_none,
)

NETWORK_TYPES = ("flat", "vlan", "vxlan", "geneve", "gre", "local")


ATTRIBUTES: list[Attr] = [
    Attr("admin_state_up", post=True, put=True, default=True, convert=boolean, filter=True, sort=True),
    Attr("status", filter=True, sort=True),
    Attr("shared", post=True, put=True, default=False, convert=boolean, filter=True, sort=True, admin_set=True),
    Attr(
        "router:external",
        column="external",
        post=True,
        put=True,
        default=False,
        convert=boolean,
        filter=True,
        sort=True,
        admin_set=True,
    ),
    Attr("is_default", post=True, put=True, default=False, convert=boolean, filter=True, admin_set=True),
    Attr("mtu", post=True, put=True, default=None, convert=integer(68, 65535, nullable=True), filter=True, sort=True),
    Attr("port_security_enabled", post=True, put=True, default=True, convert=boolean, filter=True),
    Attr(
        "provider:network_type",
        column="network_type",
        post=True,
        default=None,
        convert=one_of(*NETWORK_TYPES, nullable=True),
        filter=True,
        admin=True,
    ),
    Attr(
        "provider:physical_network",
        column="physical_network",
        post=True,
        default=None,
        convert=string(64, nullable=True),
        filter=True,
        admin=True,
    ),
    Attr(
        "provider:segmentation_id",
        column="segmentation_id",
        post=True,
        default=None,
        convert=integer(0, 16777215, nullable=True),
        filter=True,
        admin=True,
    ),
    Attr("availability_zone_hints", post=True, default=list, convert=string_list),
    Attr("availability_zones", column=None),
    Attr("dns_domain", post=True, put=True, default="", convert=dns_domain, filter=True),
    Attr("qos_policy_id", post=True, put=True, default=None, convert=uuid_or_none, filter=True),
    Attr("subnets", column=None),
    Attr("ipv4_address_scope", column=None),
    Attr("ipv6_address_scope", column=None),
    Attr("l2_adjacency", column=None),
]
