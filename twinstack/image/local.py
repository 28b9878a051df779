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


# -- for compute's proxy APIs --
# Nova's image proxy (compute/api/images.py: /images, gone from 2.36) asks Glance through these, with
# the caller's context: Glance's visibility, policy, filters and pages, as its v2 API applies them.
# Each call is its own transaction, as a request to Glance would be.
from datetime import UTC, datetime  # noqa: E402  (this block stays at the end of the file)

import sqlalchemy as sa  # noqa: E402

from twinstack.core.context import Context  # noqa: E402
from twinstack.core.pagination import paginate  # noqa: E402
from twinstack.image import policies, views  # noqa: E402
from twinstack.image import tables as t  # noqa: E402

_PROXY_LIMIT_DEFAULT, _PROXY_LIMIT_MAX, _PROXY_PROPERTY_QUOTA = 25, 1000, 128  # as Glance's list and PATCH
# what a metadata item may not name: Glance's read-only, reserved and base attributes
_PROXY_NOT_PROPERTIES = {"created_at", "updated_at", "status", "checksum", "size", "virtual_size", "direct_url",
                         "self", "file", "schema", "id", "os_hash_algo", "os_hash_value", "location", "locations",
                         "deleted", "deleted_at", "name", "disk_format", "container_format", "visibility", "min_disk",
                         "min_ram", "protected", "os_hidden", "owner", "tags", "stores"}


def _proxy_forbidden(rule: str) -> ApiError:
    return ApiError(403, f"You are not authorized to complete {rule} action.", "Forbidden")


def _proxy_authorize(cloud: Cloud, conn: Connection, caller: Context, image: dict[str, Any], rule: str) -> None:
    """Glance's ImageAPIPolicy: a refused rule is a 404 when the caller may not even get the image."""
    member = repo.is_member(conn, image["id"], caller.project_id) is not None
    target = policies.target(image, caller.project_id, member)
    if not cloud.policy.allowed(f"image:{rule}", target, caller):
        if rule == "get_image" or not cloud.policy.allowed("image:get_image", target, caller):
            raise repo.not_found(image["id"])
        raise _proxy_forbidden(rule)


def _proxy_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, 'Bad "updated_at" query filter format. Use ISO 8601 DateTime notation.',
                       "BadRequest") from None
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def proxy_list_images(cloud: Cloud, caller: Context, name: str | None = None, status: str | None = None,
                      properties: dict[str, str] | None = None, updated_since: str | None = None,
                      limit: str | None = None, marker: str | None = None) -> list[dict[str, Any]]:
    """``GET /v2/images``: the images the caller sees (not hidden), newest first, in Glance's body."""
    if not cloud.policy.allowed("image:get_images", {"project_id": caller.project_id or ""}, caller):
        raise _proxy_forbidden("get_images")
    size = _PROXY_LIMIT_DEFAULT
    if limit is not None:
        try:
            size = int(limit)
        except ValueError:
            raise ApiError(400, "limit param must be an integer", "BadRequest") from None
        if size < 0:
            raise ApiError(400, "limit param must be positive", "BadRequest")
    img = t.images.c
    clauses = [img.os_hidden.is_(False), repo.visible_clause(caller)]
    if name is not None:
        clauses.append(img.name == name)
    if status is not None:
        clauses.append(img.status == status)
    for key, value in (properties or {}).items():
        clauses.append(t.property_equals(key, value))
    if updated_since is not None:
        clauses.append(img.updated_at >= _proxy_time(updated_since))
    with cloud.store.read() as conn:
        if marker:
            row = repo.load(conn, marker)
            if row is None or not repo.can_see(conn, row, caller.project_id, caller.is_admin):
                raise ApiError(400, f"No image found with ID {marker}", "BadRequest")
        page = paginate(conn, t.images, sa.select(t.images).where(*clauses), [("created_at", "desc")], marker,
                        min(size, _PROXY_LIMIT_MAX))
    return [views.image(r) for r in page.rows]


def proxy_get_image(cloud: Cloud, caller: Context, image_id: str) -> dict[str, Any]:
    """``GET /v2/images/{id}`` in Glance's body; 404 when missing or not the caller's to see."""
    with cloud.store.read() as conn:
        image = repo.get_visible(conn, caller, image_id)
        _proxy_authorize(cloud, conn, caller, image, "get_image")
    return views.image(image)


def proxy_delete_image(cloud: Cloud, caller: Context, image_id: str) -> None:
    """``DELETE /v2/images/{id}``: 403 for a protected image, its data removed with it."""
    with cloud.store.begin() as conn:
        image = repo.get_visible(conn, caller, image_id)
        _proxy_authorize(cloud, conn, caller, image, "delete_image")
        if image["protected"]:
            raise ApiError(403, f"Image {image['id']} is protected and cannot be deleted.", "Forbidden")
        repo.delete(conn, image["id"])
    data.remove(cloud, image["location"])
    if image["staged_size"] is not None:
        data.remove(cloud, data.staging_location(image["id"]))


def proxy_update_properties(cloud: Cloud, caller: Context, image_id: str, values: dict[str, str],
                            remove: list[str] | None = None) -> dict[str, Any]:
    """``PATCH /v2/images/{id}`` of extra properties only: set ``values``, drop ``remove`` (409 when one
    is not there), within Glance's property quota; the image in Glance's body."""
    with cloud.store.begin() as conn:
        image = repo.get_visible(conn, caller, image_id)
        _proxy_authorize(cloud, conn, caller, image, "modify_image")
        props = dict(image["properties"] or {})
        remove = list(remove or [])
        for key in [*values, *remove]:
            if key in _PROXY_NOT_PROPERTIES or key.startswith("os_glance"):
                raise ApiError(403, f"Attribute '{key}' is read-only.", "Forbidden")
        for key in remove:
            if key not in props:
                raise ApiError(409, f"Property {key} does not exist.", "Conflict")
            del props[key]
        props.update(values)
        if len(props) > _PROXY_PROPERTY_QUOTA:
            raise ApiError(413, "The limit has been exceeded on the number of allowed image properties. "
                                f"Attempted: {len(props)}, Maximum: {_PROXY_PROPERTY_QUOTA}", "LimitExceeded")
        if not values and not remove:
            return views.image(image)
        row = repo.update(conn, image["id"], cloud.clock.now(), properties=props)
    return views.image(row)
