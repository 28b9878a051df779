"""Glance's cache management API (``/v2/cache``, images API 2.14, clean and prune from 2.18), as
glance/api/v2/cached_images.py answers it.

Each call checks its policy first (``cache_list``, ``cache_image``, ``cache_delete``, ``cache_clean``,
``cache_prune``; admin by default), then whether this Glance has a cache at all: without one (the
model's ``image.cache.enabled`` off) every call is a 404 "Caching via API is not supported at this
site.". ``PUT`` and ``DELETE`` of one image look the image up first, as the caller may see it: an
unknown (or invisible, or malformed) id is a 404 before any policy, except that ``DELETE`` still
removes an id that is only in the cache or the queue (an image deleted after it was queued).
"""

from __future__ import annotations

from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.image import errors, manager
from twinstack.image.api import common
from twinstack.image.manager import cache

CLEAR_TARGETS = {"": (True, True), "cache": (True, False), "queue": (False, True)}


def _not_found(image_id: str) -> ApiError:
    return ApiError(404, f"Image {image_id} not found.", "NotFound")


def _enforce(req: Req, rule: str, image: dict[str, Any] | None = None) -> None:
    """Glance's CacheController._enforce: the policy (a bare 403), then whether there is a cache."""
    if image is not None:
        with req.cloud.store.read() as conn:
            target = common.image_target(req, conn, image)
    else:
        target = {}
    if not common.allowed(req, rule, target):
        raise errors.forbidden("Access was denied to this resource.")
    if not req.cloud.model.image.cache.enabled:
        raise errors.not_found("Caching via API is not supported at this site.")


def _visible(req: Req, image_id: str) -> dict[str, Any] | None:
    with req.cloud.store.read() as conn:
        image = manager.load(conn, image_id)
        if image is None or not manager.can_see(conn, image, req.context.project_id, req.context.is_admin):
            return None
        return image


async def state(req: Req) -> Any:
    """GET /v2/cache: the cached entries and the queued ids."""
    _enforce(req, "cache_list")
    with req.cloud.store.read() as conn:
        return json_response({"cached_images": cache.cached(conn), "queued_images": cache.queued(conn)})


async def queue_image(req: Req) -> Any:
    """PUT /v2/cache/{image_id}: queue an active image for the prefetcher; 202."""
    image_id = req.params["image_id"]
    image = _visible(req, image_id)
    if image is None:
        raise _not_found(image_id)
    _enforce(req, "cache_image", image)
    if image["status"] != "active":
        raise errors.bad_request("Only images with status active can be targeted for queueing")
    with req.cloud.store.begin() as conn:
        cache.queue(conn, image_id, req.cloud.clock.now())
    cache.start_prefetch(req.cloud, image_id)
    return empty(202)


async def delete_entry(req: Req) -> Any:
    """DELETE /v2/cache/{image_id}: drop the image from the cache and the queue; 204."""
    image_id = req.params["image_id"]
    image = _visible(req, image_id)
    if image is None:
        known = False
        if req.cloud.model.image.cache.enabled:
            with req.cloud.store.read() as conn:
                known = cache.is_known(conn, image_id)
        if not known:  # (Glance without a cache fails here with a 500; a 404 says the same)
            raise _not_found(image_id)
    _enforce(req, "cache_delete", image)
    with req.cloud.store.begin() as conn:
        cache.forget(conn, image_id)
    return empty(204)


async def clear(req: Req) -> Any:
    """DELETE /v2/cache: empty the cache, the queue, or both (``x-image-cache-clear-target``); 204."""
    _enforce(req, "cache_delete")
    target = (req.headers.get("x-image-cache-clear-target") or "").lower()
    if target not in CLEAR_TARGETS:
        raise errors.bad_request("If provided 'x-image-cache-clear-target' must be 'cache', 'queue' or empty "
                                 "string.")
    cached_entries, queue_entries = CLEAR_TARGETS[target]
    with req.cloud.store.begin() as conn:
        cache.clear(conn, cached_entries, queue_entries)
    return empty(204)


async def clean(req: Req) -> Any:
    """POST /v2/cache/clean (2.18): Glance drops invalid and stalled cache files; a cache that copies
    no data has none, so this only answers as Glance does: 200 with no body."""
    _enforce(req, "cache_clean")
    return empty(200)


async def prune(req: Req) -> Any:
    """POST /v2/cache/prune (2.18): shrink the cache to ``image.cache.max_size``; 200 with the totals."""
    _enforce(req, "cache_prune")
    with req.cloud.store.begin() as conn:
        return json_response(cache.prune(conn, req.cloud.model.image.cache.max_size))
