"""Cinder's Swift backup driver (cinder/backup/drivers/swift.py over chunkeddriver.py), where the model's
``block_storage.backup.driver`` is ``swift``: a backup writes its objects in the volume project's account,
in the backup's container (``volumebackups`` by default), named as the driver names them:

    volume_<volume id>/<YYYYmmddHHMMSS>/az_<az>_backup_<backup id>-00001 ...   the data, zlib chunks
    ...az_<az>_backup_<backup id>_metadata                                       which chunks, their md5
    ...az_<az>_backup_<backup id>_sha256file                                     a sha256 per 32 KiB

A fake volume holds zeros, so every chunk is the same zlib stream (made once per chunk size). An
incremental backup writes no chunk (nothing changed since its parent), only its metadata and sha256 file.
Objects are written through ``object_storage/local.py`` on the step's transaction."""

from __future__ import annotations

import functools
import hashlib
import json
import zlib
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.object_storage import local as object_storage

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

GIB = 1024 ** 3
SHA_BLOCK = 32 * 1024  # backup_swift_block_size: what one sha256 covers
VERSION = "1.0.0"


def enabled(cloud: Cloud) -> bool:
    return bool(cloud.model.block_storage.backup.driver == "swift")


def prefix(backup: dict[str, Any], when: datetime) -> str:
    """chunkeddriver._generate_object_name_prefix."""
    return (f"volume_{backup['volume_id']}/{when.strftime('%Y%m%d%H%M%S')}/"
            f"az_{backup['availability_zone']}_backup_{backup['id']}")


@functools.lru_cache(maxsize=4)
def _zero_chunk(size: int) -> tuple[bytes, str]:
    """(zlib of ``size`` zero bytes, md5 of the compressed bytes)."""
    data = zlib.compress(bytes(size))
    return data, hashlib.md5(data, usedforsecurity=False).hexdigest()


def write(cloud: Cloud, conn: Connection, backup: dict[str, Any]) -> int:
    """Write the backup's objects; how many data objects (the backup's ``object_count``)."""
    settings = cloud.model.block_storage.backup
    when = cloud.clock.now()
    base = prefix(backup, when)
    total = 0 if backup["is_incremental"] else int(backup["size"]) * GIB
    objects: list[dict[str, Any]] = []
    offset, index = 0, 1
    while offset < total:
        length = min(settings.object_size, total - offset)
        data, md5 = _zero_chunk(length)
        name = f"{base}-{index:05d}"
        object_storage.put_object(cloud, conn, backup["project_id"], backup["container"], name, data)
        objects.append({name: {"offset": offset, "length": length, "compression": "zlib", "md5": md5}})
        offset, index = offset + length, index + 1
    common = {"version": VERSION, "backup_id": backup["id"], "volume_id": backup["volume_id"],
              "backup_name": backup["name"], "backup_description": backup["description"],
              "created_at": when.isoformat(sep=" ")}
    metadata = {**common, "objects": objects, "parent_id": backup["parent_id"],
                "volume_meta": json.dumps({"version": 2, "volume-base-metadata": {}}),
                "extra_metadata": None}
    object_storage.put_object(cloud, conn, backup["project_id"], backup["container"], f"{base}_metadata",
                              json.dumps(metadata).encode(), "application/json")
    zero = hashlib.sha256(bytes(SHA_BLOCK)).hexdigest()
    sha = {**common, "chunk_size": SHA_BLOCK, "sha256s": [zero] * (total // SHA_BLOCK)}
    object_storage.put_object(cloud, conn, backup["project_id"], backup["container"], f"{base}_sha256file",
                              json.dumps(sha).encode(), "application/json")
    return len(objects)


def _names(cloud: Cloud, conn: Connection, backup: dict[str, Any]) -> list[str]:
    marker = f"/az_{backup['availability_zone']}_backup_{backup['id']}"
    return [name for name in object_storage.list_names(cloud, conn, backup["project_id"], backup["container"] or "",
                                                       f"volume_{backup['volume_id']}/") if marker in name]


def readable(cloud: Cloud, conn: Connection, backup: dict[str, Any]) -> bool:
    """A restore reads the metadata object first; without it the restore fails."""
    return any(name.endswith("_metadata") for name in _names(cloud, conn, backup))


def delete(cloud: Cloud, conn: Connection, backup: dict[str, Any]) -> None:
    for name in _names(cloud, conn, backup):
        object_storage.delete_object(cloud, conn, backup["project_id"], backup["container"] or "", name)
