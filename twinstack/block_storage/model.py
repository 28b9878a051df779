"""The block_storage section of the cloud model: backends (capacity), volume types, quotas."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BackendModel(_Strict):
    """One cinder-volume backend (``host@name``) with one pool of ``capacity_gb``."""

    name: str = Field(min_length=1, max_length=255)
    capacity_gb: int = Field(1000, ge=0)
    volume_backend_name: str | None = None  # defaults to name
    availability_zone: str = "nova"
    host: str = "twinstack"
    reserved_percentage: int = Field(0, ge=0, le=100)
    driver: str = "LVMVolumeDriver"
    storage_protocol: str = "iSCSI"
    enabled: bool = True


class VolumeTypeModel(_Strict):
    name: str = Field(min_length=1, max_length=255)
    id: str | None = None
    description: str | None = None
    is_public: bool = True
    extra_specs: dict[str, str] = {}
    projects: list[str] = []  # access for a private type, by project name


class LifecycleModel(_Strict):
    """How long the fake backend takes: 0 means the status advances before the response is sent."""

    create_seconds: float = Field(0.0, ge=0)
    delete_seconds: float = Field(0.0, ge=0)
    extend_seconds: float = Field(0.0, ge=0)
    snapshot_seconds: float = Field(0.0, ge=0)
    backup_seconds: float = Field(0.0, ge=0)


class BackupModel(_Strict):
    """cinder.conf's backup driver: ``fake`` keeps the backup's records only; ``swift`` (DevStack's choice
    when Swift runs) writes the backup's objects to the project's Swift account, as the Swift driver does."""

    driver: Literal["fake", "swift"] = "fake"
    container: str = Field("volumebackups", min_length=1, max_length=256)  # backup_swift_container
    object_size: int = Field(52428800, ge=1024)  # backup_swift_object_size


class BlockStorageModel(_Strict):
    backends: list[BackendModel] = []
    volume_types: list[VolumeTypeModel] = []
    default_volume_type: str = "__DEFAULT__"
    quotas: dict[str, int] = {}  # defaults for every project: volumes, gigabytes, snapshots, ...
    project_quotas: dict[str, dict[str, int]] = {}  # project name -> overrides
    lifecycle: LifecycleModel = LifecycleModel()
    backup: BackupModel = BackupModel()
