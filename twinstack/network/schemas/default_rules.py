"""Default rules: the attribute map (see the package docstring)."""

from __future__ import annotations

from typing import Any

from twinstack.network.schemas import security_groups
from twinstack.network.schemas.converters import REQUIRED, Attr, boolean, one_of, uuid_or_none

PARENT = "PARENT"


def _remote_group(value: Any) -> Any:
    if value not in (None, PARENT):
        raise ValueError(f"'{value}' is not a valid remote group: only '{PARENT}' or null")
    return value


# security_groups' converters, looked up at call time: the two modules import each other
def _port(value: Any) -> Any:
    return security_groups.convert_port(value)


def _protocol(value: Any) -> Any:
    return security_groups.convert_protocol(value)


ATTRIBUTES: list[Attr] = [
    Attr("direction", post=True, default=REQUIRED, convert=one_of("ingress", "egress"), filter=True, sort=True),
    Attr("ethertype", post=True, default="IPv4", convert=one_of("IPv4", "IPv6"), filter=True, sort=True),
    Attr("protocol", post=True, default=None, convert=_protocol, filter=True, sort=True),
    Attr("port_range_min", post=True, default=None, convert=_port, filter=True, sort=True),
    Attr("port_range_max", post=True, default=None, convert=_port, filter=True, sort=True),
    Attr("remote_ip_prefix", post=True, default=None, filter=True, sort=True),
    Attr("remote_group_id", post=True, default=None, convert=_remote_group, filter=True, sort=True),
    Attr("remote_address_group_id", post=True, default=None, convert=uuid_or_none, filter=True),
    Attr("used_in_default_sg", post=True, default=False, convert=boolean, filter=True, sort=True),
    Attr("used_in_non_default_sg", post=True, default=True, convert=boolean, filter=True, sort=True),
]
