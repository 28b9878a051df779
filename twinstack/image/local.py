"""What other services (Nova) ask of Image in-process, as Nova asks Glance through its client:
an image as a caller may see it, and a snapshot record (see docs/internal-interfaces.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.image import data, manager

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

_BASE = ("min_disk", "min_ram", "disk_format", "container_format", "visibility")
# The block for compute's proxy APIs (appended at the end by another branch) reads the domain layer
# as ``repo``, its name before it became ``manager``; bound here until that block says ``manager``.
repo = manager


def _summary(image: dict[str, Any]) -> dict[str, Any]:
    return {key: image[key] for key in ("id", "name", "status", "min_disk", "min_ram", "size", "disk_format",
                                        "container_format", "visibility", "owner")} | {
        "properties": dict(image["properties"] or {}), "checksum": image["checksum"],
        "virtual_size": image["virtual_size"], "protected": bool(image["protected"]),
        "tags": list(image["tags"] or []),
    }


def get_image(cloud: Cloud, conn: Connection, image_id: str, project_id: str | None = None,
              is_admin: bool = False) -> dict | None:
    """The image, or None when it is missing or not visible to ``project_id`` (None, or an admin
    caller: any project's image, as Glance shows admins everything)."""
    image = manager.load(conn, image_id)
    if image is None:
        return None
    if project_id is not None and not is_admin and not manager.can_see(conn, image, project_id, False):
        return None
    return _summary(image)


def create_snapshot(cloud: Cloud, conn: Connection, name: str, project_id: str, properties: dict,
                    size: int = 0) -> dict:
    """An active image for a server snapshot (Nova's createImage). A zero-size snapshot gets an
    empty data file (downloadable); a sized one is metadata only (its download answers 204)."""
    props = {k: str(v) for k, v in (properties or {}).items() if k not in _BASE}
    base = {k: properties[k] for k in _BASE if properties and k in properties}
    manager.enforce(cloud, conn, project_id, "image_count_total", 1)
    now = cloud.clock.now()
    image_id = uuid_str()
    values: dict[str, Any] = {
        "id": image_id, "name": name, "status": "active", "visibility": base.get("visibility", "private"),
        "owner": project_id, "disk_format": base.get("disk_format", "qcow2"),
        "container_format": base.get("container_format", "bare"),
        "min_disk": int(base.get("min_disk", 0) or 0), "min_ram": int(base.get("min_ram", 0) or 0),
        "properties": props, "created_at": now, "updated_at": now, "size": size,
    }
    if values["visibility"] not in ("public", "private", "shared", "community"):
        raise ApiError(400, f"Invalid visibility value: {values['visibility']}")
    if size == 0:
        location = data.data_location(image_id)
        written = data.hash_file(_touch(cloud, location))
        values.update(location=location, checksum=written.checksum, os_hash_algo="sha512",
                      os_hash_value=written.os_hash_value)
    image = manager.insert(conn, values)
    return _summary(image)


def _touch(cloud: Cloud, location: str) -> Any:
    path = data.resolve(cloud, location)
    path.write_bytes(b"")
    return path
