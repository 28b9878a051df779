"""The image section of the cloud model: images (metadata, and data from a file or generated),
the per-project quotas Glance enforces, the size cap of one image, and the image cache."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Visibility = Literal["public", "private", "shared", "community"]
DISK_FORMATS = ("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop")
CONTAINER_FORMATS = ("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ImageDef(_Strict):
    name: str = Field(min_length=1, max_length=255)
    id: str | None = None
    disk_format: str = "qcow2"
    container_format: str = "bare"
    visibility: Visibility = "public"
    min_disk: int = Field(0, ge=0)
    min_ram: int = Field(0, ge=0)
    protected: bool = False
    hidden: bool = False
    properties: dict[str, str] = {}
    tags: list[str] = []
    owner: str = Field("admin", description="The owning project's name (Default domain)")
    members: list[str] = Field([], description="Projects (by name) the image is shared with, accepted")
    file: str | None = Field(None, description="A file whose bytes are uploaded as the image's data at start")
    size: int | None = Field(None, ge=0, description="Generate this many bytes of data (no file)")
    virtual_size: int | None = Field(None, ge=0)
    status: Literal["active", "queued", "deactivated"] = "active"

    @model_validator(mode="after")
    def _check(self) -> ImageDef:
        if self.disk_format not in DISK_FORMATS:
            raise ValueError(f"disk_format must be one of {', '.join(DISK_FORMATS)}")
        if self.container_format not in CONTAINER_FORMATS:
            raise ValueError(f"container_format must be one of {', '.join(CONTAINER_FORMATS)}")
        if self.file is not None and self.size is not None:
            raise ValueError("give either file or size, not both")
        if self.members and self.visibility != "shared":
            raise ValueError("members need visibility: shared")
        return self


class ImageQuotas(_Strict):
    """Glance's unified-limits quotas; -1 is unlimited. Sizes in MiB, as Keystone's limits are."""

    image_count_total: int = Field(-1, ge=-1)
    image_count_uploading: int = Field(-1, ge=-1)
    image_size_total: int = Field(-1, ge=-1)
    image_stage_total: int = Field(-1, ge=-1)


class ImageCache(_Strict):
    """Glance's image cache (``image_cache_dir`` set, as DevStack sets it): the cache API under
    ``/v2/cache``, the prefetcher, downloads served from the cache, and versions 2.14, 2.16, 2.18."""

    enabled: bool = Field(False, description="Offer the image cache (Glance has none unless configured)")
    max_size: int = Field(10 * 1024 ** 3, ge=0, description="Glance's image_cache_max_size: prune's target, bytes")


class ImageModel(_Strict):
    images: list[ImageDef] = []
    quotas: ImageQuotas = ImageQuotas()  # every project's default
    project_quotas: dict[str, ImageQuotas] = Field({}, description="Per project name, overriding quotas")
    image_size_cap: int = Field(1099511627776, ge=1, description="Largest image in bytes (Glance's image_size_cap)")
    import_methods: list[Literal["glance-direct", "web-download", "copy-image"]] = [
        "glance-direct", "web-download", "copy-image"]
    cache: ImageCache = ImageCache()
    store: Literal["file", "swift"] = Field(
        "file", description="Where image data goes: the file store, or Swift (the service project's 'glance' "
        "container), as DevStack configures Glance when Swift runs")
