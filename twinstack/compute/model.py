"""The compute section of the cloud model: hosts (fake hypervisors), flavors, aggregates, quotas."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FakeDriverModel(_Strict):
    """The fake virt driver's behaviour, as data: how long things take and how often they fail."""

    boot_seconds: float = 0.0
    action_seconds: float = 0.0
    boot_failure_rate: float = Field(0.0, ge=0.0, le=1.0)
    failure_message: str = "Fake driver: spawn failed"


class HostModel(_Strict):
    name: str = Field(min_length=1, max_length=255)
    availability_zone: str = "nova"
    aggregates: list[str] = []
    vcpus: int = Field(8, ge=1)
    memory_mb: int = Field(16384, ge=1)
    disk_gb: int = Field(200, ge=1)
    cpu_allocation_ratio: float = Field(16.0, gt=0)
    ram_allocation_ratio: float = Field(1.5, gt=0)
    disk_allocation_ratio: float = Field(1.0, gt=0)
    reserved_host_memory_mb: int = Field(512, ge=0)
    reserved_host_disk_mb: int = Field(0, ge=0)
    reserved_host_cpus: int = Field(0, ge=0)
    traits: list[str] = []
    compute_driver: str = "fake.FakeDriver"
    driver: FakeDriverModel = FakeDriverModel()
    host_ip: str | None = None
    enabled: bool = True
    count: int = Field(1, ge=1, description="Create this many hosts, named <name>-1 ... <name>-N when > 1")


class FlavorModel(_Strict):
    name: str = Field(min_length=1, max_length=255)
    id: str | None = None
    vcpus: int = Field(ge=1)
    ram: int = Field(ge=1)
    disk: int = Field(0, ge=0)
    ephemeral: int = Field(0, ge=0)
    swap: int = Field(0, ge=0)
    rxtx_factor: float = 1.0
    is_public: bool = True
    description: str | None = None
    extra_specs: dict[str, str] = {}
    projects: list[str] = []  # access for a private flavor, by project name


class AggregateModel(_Strict):
    name: str = Field(min_length=1, max_length=255)
    availability_zone: str | None = None
    metadata: dict[str, str] = {}


class ComputeModel(_Strict):
    hosts: list[HostModel] = []
    flavors: list[FlavorModel] = []
    aggregates: list[AggregateModel] = []
    quotas: dict[str, int] = {}  # defaults for every project: instances, cores, ram, ...
    project_quotas: dict[str, dict[str, int]] = {}  # project name -> overrides
    settings: dict[str, Any] = {}  # scheduler/conductor knobs: max_attempts, weigher multipliers, ...
