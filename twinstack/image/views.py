"""Response bodies, shaped as Glance's serializers shape them: an image is its extra properties
flattened beside the base attributes, with relative ``self``/``file``/``schema`` links."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from twinstack.image.data import STORE_ID, SWIFT_PREFIX, SWIFT_STORE


def isotime(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def image(row: dict[str, Any]) -> dict[str, Any]:
    view: dict[str, Any] = dict(row["properties"] or {})
    view.update({
        "name": row["name"],
        "disk_format": row["disk_format"],
        "container_format": row["container_format"],
        "visibility": row["visibility"],
        "size": row["size"],
        "virtual_size": row["virtual_size"],
        "status": row["status"],
        "checksum": row["checksum"],
        "protected": bool(row["protected"]),
        "min_ram": row["min_ram"],
        "min_disk": row["min_disk"],
        "owner": row["owner"],
        "os_hidden": bool(row["os_hidden"]),
        "os_hash_algo": row["os_hash_algo"],
        "os_hash_value": row["os_hash_value"],
        "id": row["id"],
        "created_at": isotime(row["created_at"]),
        "updated_at": isotime(row["updated_at"]),
        "tags": list(row["tags"] or []),
        "self": f"/v2/images/{row['id']}",
        "file": f"/v2/images/{row['id']}/file",
        "schema": "/v2/schemas/image",
    })
    if row["location"] and row["status"] in ("active", "deactivated"):
        view["stores"] = SWIFT_STORE if row["location"].startswith(SWIFT_PREFIX) else STORE_ID
    return view


def member(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "created_at": isotime(row["created_at"]),
        "image_id": row["image_id"],
        "member_id": row["member_id"],
        "schema": "/v2/schemas/member",
        "status": row["status"],
        "updated_at": isotime(row["updated_at"]),
    }


def task(row: dict[str, Any], detail: bool = True) -> dict[str, Any]:
    view = {
        "id": row["id"],
        "type": row["type"],
        "status": row["status"],
        "owner": row["owner"],
        "expires_at": isotime(row["expires_at"]),
        "created_at": isotime(row["created_at"]),
        "updated_at": isotime(row["updated_at"]),
        "self": f"/v2/tasks/{row['id']}",
        "schema": "/v2/schemas/task",
    }
    if detail:
        view.update({"input": row["input"], "result": row["result"], "message": row["message"]})
    return view


def image_task(row: dict[str, Any]) -> dict[str, Any]:
    """A task as ``GET /v2/images/{id}/tasks`` lists it (2.12+): the database record's own keys."""
    return {
        "id": row["id"], "image_id": row["image_id"], "request_id": row["request_id"],
        "user_id": row["user_id"], "type": row["type"], "status": row["status"], "owner": row["owner"],
        "expires_at": isotime(row["expires_at"]), "created_at": isotime(row["created_at"]),
        "updated_at": isotime(row["updated_at"]), "deleted_at": None, "deleted": False,
        "input": row["input"], "result": row["result"], "message": row["message"],
    }
