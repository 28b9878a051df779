"""Security groups: the attribute map (see the package docstring)."""

from __future__ import annotations

from typing import Any

from twinstack.network.schemas.converters import REQUIRED, Attr, boolean, one_of, string, uuid, uuid_or_none

PROTOCOLS = {
    "ah": 51,
    "dccp": 33,
    "egp": 8,
    "esp": 50,
    "gre": 47,
    "hopopt": 0,
    "icmp": 1,
    "icmpv6": 58,
    "igmp": 2,
    "ipip": 4,
    "ipv6-encap": 41,
    "ipv6-frag": 44,
    "ipv6-icmp": 58,
    "ipv6-nonxt": 59,
    "ipv6-opts": 60,
    "ipv6-route": 43,
    "ospf": 89,
    "pgm": 113,
    "rsvp": 46,
    "sctp": 132,
    "tcp": 6,
    "udp": 17,
    "udplite": 136,
    "vrrp": 112,
}


# -- rules -----------------------------------------------------------------------------------------
def convert_protocol(value: Any) -> Any:
    if value is None or value == "":
        return None
    text = str(value).lower()
    if text == "any":
        return None
    if text in PROTOCOLS:
        return text
    if text.isdigit() and 0 <= int(text) <= 255:
        return text
    raise ValueError(
        f"Security group rule protocol {value} not supported. Only protocol values "
        f"{sorted(PROTOCOLS)} and integer representations [0 to 255] are supported"
    )


def convert_port(value: Any) -> Any:
    if value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"'{value}' is not an integer") from None
    return number


ATTRIBUTES: list[Attr] = [
    Attr("stateful", post=True, put=True, default=True, convert=boolean, filter=True, sort=True),
    Attr("security_group_rules", column=None),
    Attr("shared", column=None, filter=True),
]


RULE_ATTRIBUTES: list[Attr] = [
    Attr("security_group_id", post=True, default=REQUIRED, convert=uuid, filter=True, sort=True),
    Attr("direction", post=True, default=REQUIRED, convert=one_of("ingress", "egress"), filter=True, sort=True),
    Attr("ethertype", post=True, default="IPv4", convert=one_of("IPv4", "IPv6"), filter=True, sort=True),
    Attr("protocol", post=True, default=None, convert=convert_protocol, filter=True, sort=True),
    Attr("port_range_min", post=True, default=None, convert=convert_port, filter=True, sort=True),
    Attr("port_range_max", post=True, default=None, convert=convert_port, filter=True, sort=True),
    Attr("remote_ip_prefix", post=True, default=None, filter=True, sort=True),
    # neutron-lib does not validate it: an unknown group is a 404 once looked up, whatever its form
    Attr("remote_group_id", post=True, default=None, convert=string(255, nullable=True), filter=True, sort=True),
    Attr("remote_address_group_id", post=True, default=None, convert=uuid_or_none, filter=True, sort=True),
    Attr("normalized_cidr", column=None),
    Attr("belongs_to_default_sg", column=None, visible=False),
]
