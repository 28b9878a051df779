"""Service flavors and service profiles (flavors): the attribute maps (see the package docstring)."""

from __future__ import annotations

from typing import Any

from twinstack.network.schemas.converters import REQUIRED, Attr, boolean, string

# the service types of the plugins this Neutron loads (routers, QoS, trunks, and the flavors plugin itself)
SERVICE_TYPES = ("FLAVORS", "L3_ROUTER_NAT", "QOS", "TRUNK")


def service_type(value: Any) -> str:
    if value not in SERVICE_TYPES:
        raise ValueError(f"Service type {value} is not supported")
    return str(value)


def uuid_list(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{value}' is not a list")
    if len(set(value)) != len(value):
        raise ValueError(f"Duplicate items in the list: '{', '.join(value)}'")
    return value


FLAVOR_ATTRIBUTES: list[Attr] = [
    Attr("service_type", post=True, default=REQUIRED, convert=service_type, filter=True, sort=True),
    Attr("service_profiles", column=None, post=True, put=True, default=list, convert=uuid_list),
    Attr("enabled", post=True, put=True, default=True, convert=boolean, filter=True, sort=True),
]

PROFILE_ATTRIBUTES: list[Attr] = [
    Attr("driver", post=True, default="", convert=string(1024), filter=True, sort=True),
    Attr("metainfo", post=True, put=True, default="", convert=string(4096), filter=True),
    Attr("enabled", post=True, put=True, default=True, convert=boolean, filter=True, sort=True),
]
