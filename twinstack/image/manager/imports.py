"""Interoperable image import as Glance's task executor runs it: the task record, the image lock,
and the executor itself, a task of the image provider that waits on the cloud's clock before it
starts (in manual clock mode an import stays ``pending`` until the clock advances).

glance-direct moves the staged data into the store, web-download fetches a URL on this host,
copy-image is a no-op (one store). The image goes importing -> active (or back to queued on failure).
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import anyio.to_thread
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.ids import uuid_str
from twinstack.core.tasks import group_of
from twinstack.image import data, errors, manager
from twinstack.image import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.core.context import Context

log = logging.getLogger("twinstack.image")
OWNER = "image"  # the provider whose task group runs the executors
TASK_TTL = timedelta(hours=48)  # Glance's task_time_to_live
LOCK = "os_glance_import_task"
# Multi-store Glance reports an import's progress in these image properties (tempest waits on them).
IMPORTING, FAILED = "os_glance_importing_to_stores", "os_glance_failed_import"


def uri_allowed(cloud: Cloud, uri: Any) -> bool:
    """web-download only from this host: loopback, or the host this cloud is served from."""
    if not isinstance(uri, str):
        return False
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname
    own = urlsplit(cloud.settings.base_url).hostname
    if host in ("localhost", own):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_importable(image: dict[str, Any], method: str) -> None:
    """Glance's 409s for an image that cannot take this import method now."""
    status = image["status"]
    if status == "active" and method != "copy-image":
        raise errors.conflict("Image with status active cannot be target for import")
    if status != "active" and method == "copy-image":
        raise errors.conflict("Only images with status active can be targeted for copying")
    if status != "queued" and method == "web-download":
        raise errors.conflict(f"Image needs to be in 'queued' state to use '{method}' method")
    if method == "glance-direct" and (status != "uploading" or image["staged_size"] is None):
        raise errors.conflict("Image needs to be staged before 'glance-direct' method can be used")
    if not image["container_format"]:
        raise errors.conflict("'container_format' needs to be set before import")
    if not image["disk_format"]:
        raise errors.conflict("'disk_format' needs to be set before import")


def begin(cloud: Cloud, conn: Connection, ctx: Context, request_id: str, image: dict[str, Any], method: str,
          body: dict[str, Any]) -> str:
    """Lock the image for the import and record its task (pending); returns the task id."""
    props = dict(image["properties"] or {})
    if LOCK in props:
        raise errors.conflict(f"New operation on image '{image['id']}' is not permitted as prior operation "
                            "is still in progress")
    now = cloud.clock.now()
    task_id = uuid_str()
    props.update({LOCK: task_id, IMPORTING: data.STORE_ID, FAILED: ""})
    conn.execute(t.tasks.insert().values(
        id=task_id, type="api_image_import", status="pending", owner=ctx.project_id, user_id=ctx.user_id,
        request_id=request_id, image_id=image["id"], message="", created_at=now, updated_at=now,
        input={"image_id": image["id"], "import_req": body, "backend": [data.STORE_ID]}))
    new_status = image["status"] if method == "copy-image" else "importing"
    manager.update(conn, image["id"], now, properties=props, status=new_status, import_task=task_id)
    return task_id


def start(cloud: Cloud, task_id: str, image_id: str, method: str, uri: str | None, prior: str) -> None:
    """Hand the import to the executor: a task of this cloud's image provider."""
    spawn(cloud, partial(_run, cloud, task_id, image_id, method, uri, prior), f"glance-import-{task_id}")


def spawn(cloud: Cloud, executor: Callable[..., Coroutine[Any, Any, None]], name: str) -> None:
    """Run ``executor(due=...)`` as a task of this cloud's image provider; ``due`` is when the executor
    picks the task up: at once in real time, on the next advance in manual mode (from this request)."""
    due = cloud.clock.timer(0)
    task = group_of(cloud, OWNER).spawn(executor(due=due), name=name)
    task.add_done_callback(lambda _: due.cancel())  # cancelled before it ran: no waiter left behind


async def _run(cloud: Cloud, task_id: str, image_id: str, method: str, uri: str | None, prior: str, *,
               due: Awaitable[None]) -> None:
    """The task executor: do the import, then settle the image and the task in one transaction."""
    await due
    with cloud.store.begin() as conn:
        conn.execute(t.tasks.update().where(t.tasks.c.id == task_id).values(
            status="processing", updated_at=cloud.clock.now()))
    location = data.data_location(image_id)
    error = None
    written = None
    try:
        if method == "glance-direct":
            staged = data.resolve(cloud, data.staging_location(image_id))
            dest = data.resolve(cloud, location)
            os.replace(staged, dest)
            written = await anyio.to_thread.run_sync(data.hash_file, dest)
        elif method == "web-download":
            written = await _download(cloud, uri or "", location)
    except Exception as exc:
        error = str(exc) or type(exc).__name__
    now = cloud.clock.now()
    with cloud.store.begin() as conn:
        image = manager.load(conn, image_id)
        if image is None:  # deleted while importing
            data.remove(cloud, location)
            error = error or f"Image {image_id} was deleted during the import"
        else:
            props = {k: v for k, v in (image["properties"] or {}).items() if k != LOCK}
            props.update({IMPORTING: "", FAILED: data.STORE_ID if error else ""})
            if error is None and written is not None:
                stored = data.to_store(cloud, conn, image_id, location, written.checksum)
                manager.update(conn, image_id, now, properties=props, status="active", location=stored,
                               virtual_size=data.virtual_size(image["disk_format"], written),
                               size=written.size, checksum=written.checksum, os_hash_algo="sha512",
                               os_hash_value=written.os_hash_value, staged_size=None, import_task=None)
            elif error is None:  # copy-image: the data already is in the (only) store
                manager.update(conn, image_id, now, properties=props, status=prior, import_task=None)
            else:
                data.remove(cloud, data.staging_location(image_id))
                status = "active" if prior == "active" else "queued"
                manager.update(conn, image_id, now, properties=props, status=status, staged_size=None,
                               import_task=None)
        conn.execute(t.tasks.update().where(t.tasks.c.id == task_id).values(
            status="failure" if error else "success", message=error or "", updated_at=now,
            expires_at=now + TASK_TTL, result=None if error else {"image_id": image_id}))
    if error:
        log.info("image import task %s for %s failed: %s", task_id, image_id, error)


async def _download(cloud: Cloud, uri: str, location: str) -> data.Written:
    import httpx  # only web-download needs it; importing it (and rich, through httpx's CLI) cost start-up ~0.1 s

    dest = data.resolve(cloud, location)
    async with (
        httpx.AsyncClient(timeout=httpx.Timeout(60.0), follow_redirects=False) as client,
        client.stream("GET", uri) as response,
    ):
        if response.status_code != 200:
            raise RuntimeError(f"web-download of {uri} answered {response.status_code}")
        return await data.save_stream(response.aiter_bytes(data.CHUNK), dest, cloud.model.image.image_size_cap)


# -- the legacy tasks API: an ``import`` task creates its image and fetches the data ------------

def create_legacy(cloud: Cloud, conn: Connection, ctx: Context, request_id: str,
                  task_input: dict[str, Any]) -> dict[str, Any]:
    """Record a legacy ``import`` task (pending) and start its executor; returns the task row."""
    now = cloud.clock.now()
    task_id = uuid_str()
    conn.execute(t.tasks.insert().values(
        id=task_id, type="import", status="pending", owner=ctx.project_id, user_id=ctx.user_id,
        request_id=request_id, image_id=None, message="", created_at=now, updated_at=now,
        input=task_input))
    return dict(conn.execute(sa.select(t.tasks).where(t.tasks.c.id == task_id)).one()._mapping)


def start_legacy(cloud: Cloud, task_id: str, owner: str | None, task_input: dict[str, Any]) -> None:
    spawn(cloud, partial(_run_legacy, cloud, task_id, owner, task_input), f"glance-task-{task_id}")


async def _run_legacy(cloud: Cloud, task_id: str, owner: str | None, task_input: dict[str, Any], *,
                      due: Awaitable[None]) -> None:
    """Create the image the task describes, fetch its data, and settle task and image."""
    await due
    props = dict(task_input["image_properties"])
    now = cloud.clock.now()
    image_id = uuid_str()
    error = None
    with cloud.store.begin() as conn:
        conn.execute(t.tasks.update().where(t.tasks.c.id == task_id).values(status="processing", updated_at=now))
        base = {k: props.pop(k) for k in ("name", "disk_format", "container_format", "visibility", "min_disk",
                                          "min_ram", "protected") if k in props}
        manager.insert(conn, {"id": image_id, "status": "saving", "owner": owner, "created_at": now,
                              "updated_at": now, "visibility": base.pop("visibility", "shared"),
                              "properties": {k: str(v) for k, v in props.items()}, **base})
    location = data.data_location(image_id)
    written = None
    try:
        written = await _download(cloud, str(task_input["import_from"]), location)
    except Exception as exc:
        error = str(exc) or type(exc).__name__
    now = cloud.clock.now()
    with cloud.store.begin() as conn:
        if error is None and written is not None:
            manager.update(conn, image_id, now, status="active", location=location, size=written.size,
                           checksum=written.checksum, os_hash_algo="sha512", os_hash_value=written.os_hash_value)
        else:
            manager.delete(conn, image_id)
        conn.execute(t.tasks.update().where(t.tasks.c.id == task_id).values(
            status="failure" if error else "success", message=error or "", updated_at=now,
            expires_at=now + TASK_TTL, image_id=None if error else image_id,
            result=None if error else {"image_id": image_id}))
