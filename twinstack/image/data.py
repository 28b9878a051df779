"""The file store: image data under ``<state dir>/images``, kept by core's blobs (streamed in, hashed on the
way, renamed into place on success, read back in chunks)."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twinstack.core.blobs import CHUNK, HEAD, SizeExceeded, Written, hash_file, read_range, save_stream
from twinstack.object_storage import local as object_storage

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

MODEL_DIR = "model"  # generated model data, kept across resets (the same bytes every time)
STAGING_DIR = "staging"
STORE_ID = "file"  # the file store (multi-store style, so /v2/info/stores answers)
SWIFT_STORE = "swift"
# Glance's swift store in single-tenant mode (DevStack's): every image is object <image id> in container
# ``glance`` of the service project's account, its location swift+config://<reference>/glance/<image id>.
SWIFT_CONTAINER = "glance"
SWIFT_PREFIX = f"swift+config://ref1/{SWIFT_CONTAINER}/"
__all__ = ["CHUNK", "HEAD", "SizeExceeded", "Written", "hash_file", "read_range", "save_stream"]


def virtual_size(disk_format: str | None, written: Written) -> int | None:
    """What Glance's format inspector reports: a raw disk's size, or a qcow2 header's virtual size."""
    if disk_format in ("raw", "iso"):
        return written.size
    head = written.head
    if disk_format == "qcow2" and len(head) >= 32 and head[:4] == b"QFI\xfb":
        version = int.from_bytes(head[4:8], "big")
        size = int.from_bytes(head[24:32], "big")
        if version in (2, 3) and size < 1 << 62:  # anything else is not a qcow2 header we trust
            return size
    return None


def root(cloud: Cloud) -> Path:
    path = cloud.state_dir / "images"
    path.mkdir(exist_ok=True)
    return path


def store_id(cloud: Cloud) -> str:
    """The store new image data goes to: the model's ``image.store``."""
    return str(cloud.model.image.store)


def _service_project(cloud: Cloud) -> str:
    from twinstack.identity import local as identity

    with cloud.store.read() as conn:
        project = identity.find_project(conn, "service")
    return project.id if project is not None else ""


def to_store(cloud: Cloud, conn: Any, image_id: str, location: str, checksum: str) -> str:
    """Where just-written data ends up: with the swift store the file moves into Swift as the image's object
    (on the caller's transaction; no copy) and the image's location becomes Swift's; else it stays."""
    if store_id(cloud) != SWIFT_STORE:
        return location
    from twinstack.identity import local as identity

    service = identity.find_project(conn, "service")
    object_storage.adopt_file(cloud, conn, service.id if service else "", SWIFT_CONTAINER, image_id,
                              resolve(cloud, location), checksum)
    return f"{SWIFT_PREFIX}{image_id}"


def resolve(cloud: Cloud, location: str) -> Path:
    """A stored location (relative to the images dir, absolute for a model's file, or a Swift object's) as a
    path; the path of a Swift object that is gone does not exist."""
    if location.startswith(SWIFT_PREFIX):
        name = location[len(SWIFT_PREFIX):]
        found = object_storage.object_path(cloud, _service_project(cloud), SWIFT_CONTAINER, name)
        return found if found is not None else root(cloud) / "swift-missing" / name
    path = Path(location)
    return path if path.is_absolute() else root(cloud) / path


def data_location(image_id: str) -> str:
    return image_id


def staging_location(image_id: str) -> str:
    return f"{STAGING_DIR}/{image_id}"


def remove(cloud: Cloud, location: str | None) -> None:
    """Delete a stored file (a Swift store's object); a model's own file (absolute, or generated) is never ours
    to delete."""
    if location and location.startswith(SWIFT_PREFIX):
        object_storage.delete_object_now(cloud, _service_project(cloud), SWIFT_CONTAINER,
                                         location[len(SWIFT_PREFIX):])
        return
    if not location or Path(location).is_absolute() or location.startswith(MODEL_DIR + "/"):
        return
    with contextlib.suppress(FileNotFoundError):
        resolve(cloud, location).unlink()


def sweep(cloud: Cloud, keep: set[str]) -> None:
    """After a reset or a snapshot load: delete every uploaded or staged file no image refers to
    (``keep`` holds the live locations); generated model data stays for the next reset."""
    base = root(cloud)
    for entry in base.iterdir():
        if entry.name == MODEL_DIR:
            continue
        children = list(entry.iterdir()) if entry.is_dir() else [entry]
        for child in children:
            if str(child.relative_to(base)) not in keep:
                child.unlink(missing_ok=True)


def generated(cloud: Cloud, name: str, size: int) -> tuple[str, Written]:
    """Deterministic bytes for a model image without a file, written once and reused after resets."""
    key = hashlib.sha256(f"{name}\0{size}".encode()).hexdigest()[:24]
    location = f"{MODEL_DIR}/{key}"
    path = root(cloud) / location
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        with open(tmp, "wb") as f:
            seed = hashlib.sha512(name.encode()).digest()
            block = (b"twinstack image " + name.encode() + b"\n" + seed) * (CHUNK // (len(seed) + 17 + len(name)) + 1)
            left = size
            while left > 0:
                part = block[: min(left, len(block))]
                f.write(part)
                left -= len(part)
        os.replace(tmp, path)
    return location, hash_file(path)
