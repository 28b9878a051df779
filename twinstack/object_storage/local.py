"""What other services may ask of object storage in process, never over HTTP: whether an object exists,
and writing, listing and deleting objects in a project's account, as Cinder's Swift backup driver and
Glance's swift store do through swiftclient. Writes run on the caller's connection (its transaction);
the data file is written first, so a rolled-back write leaves only a file the next reset sweeps."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from twinstack.object_storage import manager
from twinstack.object_storage.manager import files

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def account(project_id: str) -> str:
    return f"AUTH_{project_id}"


def object_exists(cloud: Cloud, project_id: str, container: str, name: str) -> bool:
    with cloud.store.read() as conn:
        crow = manager.get_container(conn, account(project_id), container)
        return crow is not None and manager.get_object(conn, crow["id"], name) is not None


def put_object(cloud: Cloud, conn: Connection, project_id: str, container: str, name: str, data: bytes,
               content_type: str | None = None) -> str:
    """Create the container if needed (swiftclient's put_container first) and write the object; its ETag."""
    location = files.new_location()
    path = files.path(cloud, location)
    path.write_bytes(data)
    etag = hashlib.md5(data, usedforsecurity=False).hexdigest()
    _store(cloud, conn, project_id, container, name, location, len(data), etag, content_type)
    return etag


def adopt_file(cloud: Cloud, conn: Connection, project_id: str, container: str, name: str, source: Path,
               etag: str, content_type: str = "application/octet-stream") -> Path:
    """Move a file another service has just written (and hashed) into the object store as this object: the
    bytes are not copied. The path the object's data now has (for the caller to read it back from)."""
    location = files.new_location()
    path = files.path(cloud, location)
    source.replace(path)
    _store(cloud, conn, project_id, container, name, location, path.stat().st_size, etag, content_type)
    return path


def _store(cloud: Cloud, conn: Connection, project_id: str, container: str, name: str, location: str, size: int,
           etag: str, content_type: str | None) -> None:
    now = cloud.clock.now().timestamp()
    manager.put_container(conn, account(project_id), container, {}, now)
    crow = manager.get_container(conn, account(project_id), container)
    assert crow is not None
    replaced = manager.put_object(conn, crow["id"], {
        "name": name, "timestamp": now, "size": size, "etag": etag,
        "content_type": content_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
        "meta": {}, "location": location, "delete_at": None})
    if replaced != location:
        files.remove(cloud, replaced)


def object_path(cloud: Cloud, project_id: str, container: str, name: str) -> Path | None:
    """Where the object's bytes are (None when the object is gone)."""
    with cloud.store.read() as conn:
        crow = manager.get_container(conn, account(project_id), container)
        row = manager.get_object(conn, crow["id"], name) if crow is not None else None
    return files.path(cloud, row["location"]) if row is not None and row["location"] else None


def list_names(cloud: Cloud, conn: Connection, project_id: str, container: str, prefix: str = "") -> list[str]:
    crow = manager.get_container(conn, account(project_id), container)
    if crow is None:
        return []
    listing = manager.Listing(limit=10000, prefix=prefix)
    return [row["name"] for row in manager.list_objects(conn, crow["id"], listing, cloud.clock.now().timestamp())]


def delete_object(cloud: Cloud, conn: Connection, project_id: str, container: str, name: str) -> bool:
    """Delete the object (and its data file); False when there was none."""
    crow = manager.get_container(conn, account(project_id), container)
    gone = manager.delete_object(conn, crow["id"], name) if crow is not None else None
    if gone is None:
        return False
    files.remove(cloud, gone["location"])
    return True


def delete_object_now(cloud: Cloud, project_id: str, container: str, name: str) -> bool:
    """delete_object in a transaction of its own."""
    with cloud.store.begin() as conn:
        return delete_object(cloud, conn, project_id, container, name)
