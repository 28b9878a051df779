"""The image cache as Glance's centralized_db cache driver keeps it: a queue of image ids waiting for
the prefetcher, and cached entries (size, hits, last accessed and modified) that downloads are
served from. The data itself stays in the store: one store on this host, so caching copies nothing.

Glance's rules kept: queueing an image already cached (or queued) changes nothing; the prefetcher,
a task of the image provider that waits on the cloud's clock (held until an advance in manual mode),
caches an image only while it exists and is active, and otherwise leaves it queued, as Glance leaves
its queue file; a full download of an uncached image caches it on the way (hits 0), a download of a
cached one is a hit; deleting an image drops its cached entry but not its queue entry.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.image import manager
from twinstack.image import tables as t
from twinstack.image.manager.imports import spawn

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def _epoch(moment: datetime) -> float:
    """Glance reports cache times as POSIX timestamps (floats), from UTC datetimes."""
    return moment.replace(tzinfo=UTC).timestamp()


def cached(conn: Connection) -> list[dict[str, Any]]:
    """The cached entries as Glance's driver formats them, oldest first."""
    rows = conn.execute(sa.select(t.cached_images).order_by(t.cached_images.c.id)).all()
    return [{"id": row.id, "image_id": row.image_id, "last_accessed": _epoch(row.last_accessed),
             "last_modified": _epoch(row.last_modified), "size": row.size, "hits": row.hits,
             "checksum": row.checksum} for row in rows]


def queued(conn: Connection) -> list[str]:
    """The queued image ids in the order they were queued (Glance sorts its queue files by mtime, then name)."""
    query = sa.select(t.cache_queue.c.image_id).order_by(t.cache_queue.c.queued_at, t.cache_queue.c.image_id)
    return list(conn.execute(query).scalars())


def is_cached(conn: Connection, image_id: str) -> bool:
    query = sa.select(t.cached_images.c.id).where(t.cached_images.c.image_id == image_id)
    return conn.execute(query).first() is not None


def is_known(conn: Connection, image_id: str) -> bool:
    """Whether the id is cached or queued (Glance's ``image_exists_in_cache``)."""
    query = sa.select(t.cache_queue.c.image_id).where(t.cache_queue.c.image_id == image_id)
    return is_cached(conn, image_id) or conn.execute(query).first() is not None


def queue(conn: Connection, image_id: str, now: datetime) -> bool:
    """Put the image in the queue unless it is cached or queued already; True when it was added."""
    if is_known(conn, image_id):
        return False
    conn.execute(t.cache_queue.insert().values(image_id=image_id, queued_at=now))
    return True


def forget(conn: Connection, image_id: str, cached_entry: bool = True, queue_entry: bool = True) -> None:
    if cached_entry:
        conn.execute(t.cached_images.delete().where(t.cached_images.c.image_id == image_id))
    if queue_entry:
        conn.execute(t.cache_queue.delete().where(t.cache_queue.c.image_id == image_id))


def clear(conn: Connection, cached_entries: bool, queue_entries: bool) -> dict[str, int]:
    """Empty the cache and/or the queue; the counts Glance's driver returns."""
    counts = {}
    if cached_entries:
        counts["cache_deleted"] = conn.execute(t.cached_images.delete()).rowcount
    if queue_entries:
        counts["queue_deleted"] = conn.execute(t.cache_queue.delete()).rowcount
    return counts


def store(conn: Connection, image: dict[str, Any], now: datetime) -> None:
    """Cache the image (a prefetch, or a download read through); it leaves the queue. An entry that
    exists already is kept as it is, as Glance's driver ignores the duplicate insert."""
    forget(conn, image["id"], cached_entry=False)
    if is_cached(conn, image["id"]):
        return
    try:  # a prefetch and a download racing to cache one image: the second insert is the duplicate
        with conn.begin_nested():
            conn.execute(t.cached_images.insert().values(
                image_id=image["id"], size=image["size"] or 0, hits=0, checksum=None, last_accessed=now,
                last_modified=now))
    except sa.exc.IntegrityError:
        pass


def record_download(conn: Connection, image: dict[str, Any], now: datetime) -> None:
    """A full download: a hit when the image is cached, else the data is cached on the way."""
    entry = t.cached_images.c
    hit = conn.execute(t.cached_images.update().where(entry.image_id == image["id"]).values(
        hits=entry.hits + 1, last_accessed=now))
    if not hit.rowcount:
        store(conn, image, now)


def prune(conn: Connection, max_size: int) -> dict[str, int]:
    """Drop the least recently accessed entries until the cache holds at most ``max_size`` bytes."""
    entry = t.cached_images.c
    total = conn.execute(sa.select(sa.func.coalesce(sa.func.sum(entry.size), 0))).scalar() or 0
    files = pruned = 0
    rows = conn.execute(sa.select(entry.id, entry.size).order_by(entry.last_accessed, entry.id)).all()
    for row in rows:
        if total - pruned <= max_size:
            break
        conn.execute(t.cached_images.delete().where(entry.id == row.id))
        files, pruned = files + 1, pruned + row.size
    return {"total_files_pruned": files, "total_bytes_pruned": pruned}


def start_prefetch(cloud: Cloud, image_id: str) -> None:
    """Hand the image to the prefetcher (Glance's CacheWorker): a task of the image provider."""
    spawn(cloud, partial(_prefetch, cloud, image_id), f"glance-cache-prefetch-{image_id}")


async def _prefetch(cloud: Cloud, image_id: str, *, due: Awaitable[None]) -> None:
    await due
    with cloud.store.begin() as conn:
        image = manager.load(conn, image_id)
        # Glance's prefetcher: a missing or inactive image is not cached, and stays in the queue.
        if image is None or image["status"] != "active" or not image["location"]:
            return
        store(conn, image, cloud.clock.now())
