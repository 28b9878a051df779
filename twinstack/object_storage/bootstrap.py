"""Create what the model's object_storage section declares: each container in its project's account
(made on the way, as account_autocreate would) with its objects. Their bytes go to content-named files
under ``objects/model/``, written once and shared by every reset; the API never deletes them (files.remove),
so an object a test overwrote or deleted comes back whole with the model."""

from __future__ import annotations

import base64
import binascii
import hashlib
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from twinstack.core.errors import ModelReferenceError
from twinstack.object_storage import manager
from twinstack.object_storage.manager import files
from twinstack.object_storage.model import ObjectDef, ObjectStorageModel

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def project_ids(conn: Connection) -> dict[str, str]:
    from twinstack.identity import local as identity

    return identity.project_ids_by_name(conn)


def load(cloud: Cloud, conn: Connection, section: ObjectStorageModel | None) -> None:
    if section is None or not section.containers:
        return
    projects = project_ids(conn)
    problems = _check(section, projects)
    if problems:
        raise ModelReferenceError("; ".join(problems))
    now = cloud.clock.now().timestamp()
    for container in section.containers:
        account = f"AUTH_{projects[container.project]}"
        meta: dict[str, str | None] = {f"x-container-meta-{k.lower()}": v for k, v in container.metadata.items()}
        if container.read_acl is not None:
            meta["x-container-read"] = container.read_acl
        if container.write_acl is not None:
            meta["x-container-write"] = container.write_acl
        manager.put_container(conn, account, container.name, meta, now)
        row = manager.get_container(conn, account, container.name)
        assert row is not None
        for obj in container.objects:
            location, size, etag = _write(cloud, _bytes(obj))
            manager.put_object(conn, row["id"], {
                "name": obj.name, "timestamp": now, "size": size, "etag": etag,
                "content_type": obj.content_type or mimetypes.guess_type(obj.name)[0] or "application/octet-stream",
                "meta": {f"x-object-meta-{k.lower()}": v for k, v in obj.metadata.items()},
                "location": location, "delete_at": None})


def _check(section: ObjectStorageModel, projects: dict[str, str]) -> list[str]:
    """Every problem at once, each with its place."""
    problems = []
    seen: set[tuple[str, str]] = set()
    for i, container in enumerate(section.containers):
        where = f"object_storage.containers[{i}] ({container.name})"
        if container.project not in projects:
            problems.append(f"{where}.project: unknown project '{container.project}'")
        if (container.project, container.name) in seen:
            problems.append(f"{where}: a second container '{container.name}' in project '{container.project}'")
        seen.add((container.project, container.name))
        names: set[str] = set()
        for j, obj in enumerate(container.objects):
            if obj.name in names:
                problems.append(f"{where}.objects[{j}]: a second object '{obj.name}'")
            names.add(obj.name)
            if obj.file is not None and not Path(obj.file).expanduser().is_file():
                problems.append(f"{where}.objects[{j}].file: no such file '{obj.file}'")
            if obj.content_base64 is not None:
                try:
                    base64.b64decode(obj.content_base64, validate=True)
                except binascii.Error:
                    problems.append(f"{where}.objects[{j}].content_base64: not valid base64")
    return problems


def _bytes(obj: ObjectDef) -> bytes:
    if obj.content is not None:
        return obj.content.encode()
    if obj.content_base64 is not None:
        return base64.b64decode(obj.content_base64)
    if obj.file is not None:
        return Path(obj.file).expanduser().read_bytes()
    size = obj.size or 0
    block = f"twinstack object {obj.name}\n".encode()
    return (block * (size // len(block) + 1))[:size]


def _write(cloud: Cloud, data: bytes) -> tuple[str, int, str]:
    """(location, size, etag) of a content-named file, written unless an earlier start left it."""
    location = f"{files.MODEL_DIR}/{hashlib.sha256(data).hexdigest()}"
    path = files.path(cloud, location)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    return location, len(data), hashlib.md5(data, usedforsecurity=False).hexdigest()
