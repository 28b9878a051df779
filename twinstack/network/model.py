"""The network section of the cloud model: networks, subnets, routers, security groups, quotas.

Objects refer to each other and to identity projects by name; ``bootstrap.load_model`` resolves the
names and reports an unknown one with its place (``network.routers[0].interfaces[1]``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PoolModel(_Strict):
    start: str
    end: str


class HostRouteModel(_Strict):
    destination: str
    nexthop: str


class SubnetPoolModel(_Strict):
    name: str = Field(min_length=1, max_length=255)
    project: str = "admin"
    prefixes: list[str] = Field(min_length=1)
    default_prefixlen: int | None = None
    min_prefixlen: int | None = None
    max_prefixlen: int | None = None
    shared: bool = False
    is_default: bool = False
    description: str = ""


class SubnetModel(_Strict):
    name: str = Field(min_length=1, max_length=255)
    cidr: str | None = None  # may be left to the subnet pool
    subnetpool: str | None = None  # a subnet pool's name
    prefixlen: int | None = None
    ip_version: Literal[4, 6] = 4
    gateway_ip: str | None = None  # default: the first address; "none" for no gateway
    allocation_pools: list[PoolModel] = []
    dns_nameservers: list[str] = []
    host_routes: list[HostRouteModel] = []
    enable_dhcp: bool = True
    ipv6_ra_mode: Literal["slaac", "dhcpv6-stateful", "dhcpv6-stateless"] | None = None
    ipv6_address_mode: Literal["slaac", "dhcpv6-stateful", "dhcpv6-stateless"] | None = None
    description: str = ""


class NetworkEntry(_Strict):
    name: str = Field(min_length=1, max_length=255)
    project: str = "admin"
    shared: bool = False
    external: bool = False  # router:external
    is_default: bool = False  # the default external network (auto-allocated topology)
    mtu: int = Field(1500, ge=68)
    network_type: str = "geneve"
    physical_network: str | None = None
    segmentation_id: int | None = None
    port_security_enabled: bool = True
    availability_zone_hints: list[str] = []
    description: str = ""
    subnets: list[SubnetModel] = []


class RouterModel(_Strict):
    name: str = Field(min_length=1, max_length=255)
    project: str = "admin"
    external_network: str | None = None  # gateway on this network (by name)
    enable_snat: bool = True
    interfaces: list[str] = []  # subnet names
    routes: list[HostRouteModel] = []
    description: str = ""


class RuleModel(_Strict):
    direction: Literal["ingress", "egress"] = "ingress"
    ethertype: Literal["IPv4", "IPv6"] = "IPv4"
    protocol: str | None = None
    port_range_min: int | None = None
    port_range_max: int | None = None
    remote_ip_prefix: str | None = None
    remote_group: str | None = None  # a group name in the same project
    description: str = ""


class SecurityGroupModel(_Strict):
    name: str = Field(min_length=1, max_length=255)
    project: str = "admin"
    description: str = ""
    stateful: bool = True
    rules: list[RuleModel] = []


class NetworkModel(_Strict):
    subnetpools: list[SubnetPoolModel] = []
    networks: list[NetworkEntry] = []
    routers: list[RouterModel] = []
    security_groups: list[SecurityGroupModel] = []
    quotas: dict[str, int] = {}  # defaults for every project: network, subnet, port, router, ...
    project_quotas: dict[str, dict[str, int]] = {}  # project name -> overrides
    base_mac: str = "fa:16:3e:00:00:00"
    # Neutron's segments service plugin (routed networks: /v2.0/segments, the `segment` extension);
    # DevStack does not load it, and suites written for DevStack skip or trip on its presence
    segments: bool = False
    default_availability_zone: str = "nova"
