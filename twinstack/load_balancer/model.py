"""The load_balancer section of the cloud model: how amphorae are booted (Nova flavor, Glance image, the
service project, SINGLE or ACTIVE_STANDBY), how long a change stays PENDING, the health manager's period,
default quotas, flavors and availability zones, and load balancers created at start-up (each written as
Octavia's single-call create body, with names where Octavia takes ids)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AmphoraModel(_Strict):
    flavor: str = Field("amphora", description="Nova flavor (name or id) amphorae boot with")
    image: str = Field("amphora-x64-haproxy", description="Glance image (name or id) amphorae boot from")
    project: str = Field("service", description="the project amphorae run in (Default domain)")
    topology: Literal["SINGLE", "ACTIVE_STANDBY"] = "SINGLE"


class QuotaDefaults(_Strict):
    """Octavia's [quotas] defaults; -1 is unlimited (DevStack's)."""

    load_balancer: int = Field(-1, ge=-1)
    listener: int = Field(-1, ge=-1)
    pool: int = Field(-1, ge=-1)
    health_monitor: int = Field(-1, ge=-1)
    member: int = Field(-1, ge=-1)
    l7policy: int = Field(-1, ge=-1)
    l7rule: int = Field(-1, ge=-1)


class FlavorProfileModel(_Strict):
    name: str
    provider_name: str = "amphora"
    flavor_data: dict[str, Any] = {}


class FlavorModel(_Strict):
    name: str
    description: str = ""
    enabled: bool = True
    flavor_profile: str  # a flavor profile's name


class AvailabilityZoneProfileModel(_Strict):
    name: str
    provider_name: str = "amphora"
    availability_zone_data: dict[str, Any] = {}


class AvailabilityZoneModel(_Strict):
    name: str
    description: str = ""
    enabled: bool = True
    availability_zone_profile: str  # a profile's name


class LoadBalancerDef(BaseModel):
    """Octavia's POST /v2/lbaas/loadbalancers body (listeners, pools, members, monitors inside), created
    ACTIVE at start-up. ``project`` and ``vip_subnet``/``vip_network`` (names) stand for the ids."""

    model_config = ConfigDict(extra="allow")

    name: str
    project: str = "demo"
    vip_subnet: str | None = None
    vip_network: str | None = None


class LoadBalancerModel(_Strict):
    amphora: AmphoraModel = AmphoraModel()
    provision_seconds: float = Field(0.0, ge=0, description="cloud time a change stays PENDING_*")
    health_check_interval: float = Field(3.0, gt=0, description="the health manager's period (cloud seconds)")
    quotas: QuotaDefaults = QuotaDefaults()
    flavor_profiles: list[FlavorProfileModel] = []
    flavors: list[FlavorModel] = []
    availability_zone_profiles: list[AvailabilityZoneProfileModel] = []
    availability_zones: list[AvailabilityZoneModel] = []
    load_balancers: list[LoadBalancerDef] = []
