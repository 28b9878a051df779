"""``/v1/{account}/{container}``: create (201, or 202 when it exists), metadata and ACLs by POST, the
object listing, HEAD with counts, and DELETE of an empty container (409 otherwise)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from twinstack.core.pipeline import Req, raw_body
from twinstack.object_storage import manager, views
from twinstack.object_storage import schemas as limits
from twinstack.object_storage.api import bulk, common, formpost, objects, staticweb
from twinstack.object_storage.errors import status, text_error
from twinstack.object_storage.manager import files

# system headers a container keeps beside its user metadata
CONTAINER_HEADERS = ("x-container-read", "x-container-write", "x-versions-location", "x-history-location",
                     "x-container-sync-to", "x-container-sync-key")
HTML = {"Content-Type": "text/html; charset=UTF-8"}


def _checked_meta(req: Req) -> dict[str, str | None]:
    meta = common.metadata(req, "container", CONTAINER_HEADERS)
    for key in ("x-container-meta-quota-bytes", "x-container-meta-quota-count"):
        value = meta.get(key)
        if value and not value.isdigit():
            raise text_error(400, "Invalid quota value")
    return meta


@raw_body
async def put(req: Req) -> Any:
    account, container, _ = common.names(req)
    if "extract-archive" in req.query:
        return await bulk.extract(req, account, container)
    common.require_owner(req, account)
    if not container or "/" in container:
        raise status(404) if not container else text_error(400, "Container name cannot contain slashes")
    meta = _checked_meta(req)
    with req.cloud.store.begin() as conn:
        created = manager.put_container(conn, account, container, meta, common.now(req))
    return Response(status_code=201 if created else 202, headers=HTML)


@raw_body
async def post(req: Req) -> Any:
    account, container, _ = common.names(req)
    if formpost.is_form(req):
        return await formpost.handle(req, account, container, "")
    common.require_owner(req, account)
    meta = _checked_meta(req)
    with req.cloud.store.begin() as conn:
        row = manager.get_container(conn, account, container)
        if row is None:
            raise status(404)
        manager.set_container_meta(conn, row, meta, common.now(req))
    return Response(status_code=204, headers=HTML)


async def get(req: Req) -> Any:
    account, container, _ = common.names(req)
    with req.cloud.store.read() as conn:
        row = manager.get_container(conn, account, container)
    if row is not None and req.method == "GET" and staticweb.active(req, row) and (
            common.is_owner(req, account) or common.allowed_by_acl(req, row, write=False)):
        page = await objects.web_page(req, account, row, "")
        if page is not None:
            return page
    common.authorize_container(req, account, row, write=False, listing=True)
    if row is None:
        raise status(404)
    headers = views.container_headers(row)
    if not common.is_owner(req, account):  # ACLs and sync keys are the owner's business
        for key in ("X-Container-Read", "X-Container-Write", "X-Container-Sync-Key", "X-Container-Sync-To"):
            headers.pop(key, None)
    kind = views.listing_format(req)
    if req.method == "HEAD":  # the container server answers HEAD with 204, whatever the format
        return Response(status_code=204, headers={**headers, "Content-Type": views.FORMATS[kind] + "; charset=utf-8"})
    listing = manager.Listing(**common.listing_params(req, limits.CONTAINER_LISTING_LIMIT))
    path = req.query.get("path")
    if path is not None:  # the old "path" query: the direct children of a pseudo-directory
        listing.prefix, listing.delimiter = (path.rstrip("/") + "/") if path else "", "/"
    with req.cloud.store.read() as conn:
        items = manager.list_objects(conn, row["id"], listing, common.now(req))
    return views.listing(kind, "container", container, items, headers)


async def delete(req: Req) -> Any:
    account, container, _ = common.names(req)
    common.require_owner(req, account)
    with req.cloud.store.begin() as conn:
        row = manager.get_container(conn, account, container)
        if row is None:
            raise status(404)
        reaped = manager.reap_expired(conn, row["id"], common.now(req))  # the expirer's work, done on demand
        if not manager.delete_container(conn, row):
            raise status(409)
    for location in reaped:
        files.remove(req.cloud, location)
    return Response(status_code=204, headers=HTML)
