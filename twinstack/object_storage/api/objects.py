"""``/v1/{account}/{container}/{object}``: objects with their data streamed to disk, metadata, ranges and
conditional requests, server-side copies, expiry on the cloud clock, and the two large-object kinds
(a DLO's ``X-Object-Manifest`` prefix, an SLO's JSON manifest of segments)."""

from __future__ import annotations

import hashlib
import mimetypes
from typing import Any
from urllib.parse import quote, unquote

from starlette.responses import Response

from twinstack.core import blobs
from twinstack.core.pipeline import Req, raw_body
from twinstack.object_storage import manager, views
from twinstack.object_storage import schemas as limits
from twinstack.object_storage.api import bulk, common, formpost, interrupted, slo, staticweb, tempurl, writes
from twinstack.object_storage.api.ranges import Piece, conditional, ranged
from twinstack.object_storage.errors import status, text_error
from twinstack.object_storage.manager import files, versions

OBJECT_HEADERS = ("content-disposition", "content-encoding", "x-object-manifest", "access-control-allow-origin",
                  "access-control-expose-headers", "access-control-max-age", "cache-control", "expires")


def _container(req: Req, account: str, container: str) -> dict[str, Any]:
    with req.cloud.store.read() as conn:
        row = manager.get_container(conn, account, container)
    return row or {}


def _live(req: Req, container_row: dict[str, Any], name: str) -> dict[str, Any] | None:
    with req.cloud.store.read() as conn:
        row = manager.get_object(conn, container_row["id"], name)
    if row is None or (row["delete_at"] is not None and row["delete_at"] <= common.now(req)):
        return None
    return row


def _target(req: Req, write: bool) -> tuple[str, str, str, dict[str, Any]]:
    account, container, name = common.names(req)
    row = _container(req, account, container)
    if not tempurl.authorized(req, account, container, name):
        common.authorize_container(req, account, row or None, write)
    if not row:
        raise status(404)
    return account, container, name, row


# -- reads ----------------------------------------------------------------------------------------
async def get(req: Req) -> Any:
    account, _container, name, crow = _target(req, write=False)
    row = _live(req, crow, name)
    if row is None and staticweb.active(req, crow):
        page = await web_page(req, account, crow, name)
        if page is not None:
            return page
    if row is None:
        raise status(404)
    return serve(req, account, crow, row)


async def web_page(req: Req, account: str, crow: dict[str, Any], path: str) -> Response | None:
    """What a static-web container shows for a path with no object: the directory's index object, its
    listing, or the ``404`` error page; None when it has none of these."""
    index = staticweb.index_of(crow, path)
    row = _live(req, crow, index) if index else None
    if row is not None:
        return serve(req, account, crow, row)
    if not path or path.endswith("/"):
        listing = staticweb.listing(req, account, crow, path)
        if listing is not None:
            return listing
    error = staticweb.error_name(crow, 404)
    page = _live(req, crow, error) if error else None
    if page is None:
        return None
    return ranged(req, _pieces(req, account, crow, page)[0], page["size"], {"Content-Type": page["content_type"]},
                  status=404)


def serve(req: Req, account: str, crow: dict[str, Any], row: dict[str, Any]) -> Response:
    """An object's bytes (its own file, or its segments) with its headers, after the preconditions."""
    name = row["name"]
    headers = views.object_headers(row)
    if row["meta"].get("x-static-large-object") and req.query.get("multipart-manifest") == "get":
        manifest = files.path(req.cloud, row["location"]).read_bytes()
        headers.update({"Content-Type": "application/json; charset=utf-8", "X-Static-Large-Object": "True",
                        "Etag": hashlib.md5(manifest, usedforsecurity=False).hexdigest()})
        return Response(b"" if req.method == "HEAD" else manifest, headers=headers)
    pieces, size, etag = _pieces(req, account, crow, row)
    headers["Etag"] = etag
    disposition = tempurl.disposition(req, name)
    if disposition:  # a TempURL download: its disposition, and only the public metadata
        headers["Content-Disposition"] = disposition
        headers = {k: v for k, v in headers.items()
                   if not k.lower().startswith("x-object-meta-") or k.lower().startswith("x-object-meta-public-")}
    early = conditional(req, etag, row["timestamp"])
    if early is not None:
        return Response(status_code=early, headers=headers if early == 304 else {})
    return ranged(req, pieces, size, headers)


def _pieces(req: Req, account: str, crow: dict[str, Any], row: dict[str, Any]) -> tuple[list[Piece], int, str]:
    """The file slices that make the object's bytes: its own file, or its segments in order."""
    if row["meta"].get("x-static-large-object"):
        return slo.pieces(req, account, row)
    manifest = row["meta"].get("x-object-manifest")
    if manifest:
        return _dlo_pieces(req, account, manifest)
    return [Piece(files.path(req.cloud, row["location"]), 0, row["size"])], row["size"], row["etag"]


def _dlo_pieces(req: Req, account: str, manifest: str) -> tuple[list[Piece], int, str]:
    """A DLO is every object under ``container/prefix``, in name order; its ETag is the quoted MD5 of theirs."""
    container, _, prefix = unquote(manifest).partition("/")
    with req.cloud.store.read() as conn:
        crow = manager.get_container(conn, account, container)
        segments = [] if crow is None else manager.list_objects(
            conn, crow["id"], manager.Listing(limit=limits.CONTAINER_LISTING_LIMIT, prefix=prefix), common.now(req))
    digest = hashlib.md5(usedforsecurity=False)
    pieces = []
    for seg in segments:
        digest.update(seg["etag"].encode())
        pieces.append(Piece(files.path(req.cloud, seg["location"]), 0, seg["size"]))
    return pieces, sum(p.length for p in pieces), f'"{digest.hexdigest()}"'


# -- writes ---------------------------------------------------------------------------------------
def _content_type(req: Req, name: str) -> str:
    given = req.headers.get("content-type")
    detect = (req.headers.get("x-detect-content-type") or "").lower() in ("true", "1", "yes")
    if given and not detect:
        return str(given)
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _delete_at(req: Req) -> float | None:
    at, after = req.headers.get("x-delete-at"), req.headers.get("x-delete-after")
    current = common.now(req)
    try:
        value = float(int(after)) + current if after is not None else float(int(at)) if at is not None else None
    except ValueError:
        raise text_error(400, "Non-integer X-Delete-After" if after is not None else "Non-integer X-Delete-At") \
            from None
    if value is not None and value <= current:
        raise text_error(400, "X-Delete-After in past" if after is not None else "X-Delete-At in past")
    return value


@raw_body
async def put(req: Req) -> Any:
    account, container, name, crow = _target(req, write=True)
    if not name:
        raise status(404)
    if "extract-archive" in req.query:
        return await bulk.extract(req, account, f"{container}/{name}")
    copy_from = req.headers.get("x-copy-from")
    if copy_from:
        return await _copy(req, unquote(copy_from), account, container, name)
    if req.query.get("multipart-manifest") == "put":
        return await slo.put(req, account, crow, name, _object_values(req, name))
    if req.headers.get("if-none-match") == "*" and _live(req, crow, name) is not None:
        raise status(412)
    length = req.headers.get("content-length")
    chunked = "chunked" in (req.headers.get("transfer-encoding") or "").lower()
    if length is None and not chunked:
        raise status(411)
    if length is not None and (not length.isdigit() or int(length) > limits.MAX_FILE_SIZE):
        raise status(413) if length.isdigit() else text_error(400, "Invalid Content-Length")
    location = files.new_location()
    stream = interrupted.stream(req, container, name)
    try:
        written = await blobs.save_stream(stream, files.path(req.cloud, location), limits.MAX_FILE_SIZE)
    except blobs.SizeExceeded:
        raise status(413) from None
    except interrupted.Interrupted as cut:
        raise cut.error() from None
    expected = (req.headers.get("etag") or "").strip('"').lower()
    if expected and expected != written.checksum:
        files.remove(req.cloud, location)
        raise status(422)
    values = {**_object_values(req, name), "size": written.size, "etag": written.checksum, "location": location}
    return writes.store(req, crow, values, created=True)


def _object_values(req: Req, name: str) -> dict[str, Any]:
    return {"name": name, "timestamp": common.now(req), "content_type": _content_type(req, name),
            "meta": object_meta({}, common.metadata(req, "object", OBJECT_HEADERS)), "delete_at": _delete_at(req)}


def object_meta(base: dict[str, str], changes: dict[str, str | None]) -> dict[str, str]:
    """An object keeps an empty metadata value (unlike accounts and containers); X-Remove- drops the key."""
    meta = dict(base)
    for key, value in changes.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    return meta


@raw_body
async def post(req: Req) -> Any:
    """Fast-POST: the object's user metadata is replaced (not merged), and its Content-Type may change; a
    multipart form is a FormPOST upload under this name as a prefix."""
    if formpost.is_form(req):
        account, container, prefix = common.names(req)
        return await formpost.handle(req, account, container, prefix)
    _account, _container, name, crow = _target(req, write=True)
    row = _live(req, crow, name)
    if row is None:
        raise status(404)
    meta = object_meta({}, common.metadata(req, "object", OBJECT_HEADERS))
    for key in ("x-static-large-object",):
        if key in row["meta"]:
            meta[key] = row["meta"][key]
    values: dict[str, Any] = {"meta": meta, "timestamp": common.now(req)}
    if "x-delete-at" in req.headers or "x-delete-after" in req.headers:
        values["delete_at"] = _delete_at(req)
    if req.headers.get("content-type"):
        values["content_type"] = req.headers["content-type"]
    with req.cloud.store.begin() as conn:
        manager.update_object(conn, crow["id"], name, values)
    return Response(status_code=202, headers={"Content-Type": "text/html; charset=UTF-8"})


async def copy(req: Req) -> Any:
    """``COPY`` with a ``Destination: container/object`` header: a PUT with X-Copy-From, the other way round."""
    account, container, name = common.names(req)
    destination = unquote(req.headers.get("destination") or "").lstrip("/")
    dest_container, _, dest_name = destination.partition("/")
    if not dest_container or not dest_name:
        raise text_error(412, "Destination header must be of the form <container name>/<object name>")
    return await _copy(req, f"{container}/{name}", account, dest_container, dest_name)


async def _copy(req: Req, source: str, account: str, dest_container: str, dest_name: str) -> Any:
    src_container, _, src_name = source.lstrip("/").partition("/")
    if not src_container or not src_name:
        raise text_error(412, "X-Copy-From header must be of the form <container name>/<object name>")
    src_crow = _container(req, account, src_container)
    common.authorize_container(req, account, src_crow or None, write=False)
    dest_crow = _container(req, account, dest_container)
    common.authorize_container(req, account, dest_crow or None, write=True)
    if not src_crow or not dest_crow:
        raise status(404)
    src = _live(req, src_crow, src_name)
    if src is None:
        raise status(404)
    pieces, _size, _etag = _pieces(req, account, src_crow, src)
    location = files.new_location()

    async def chunks() -> Any:
        for piece in pieces:
            for block in blobs.read_range(piece.path, piece.start, piece.start + piece.length - 1):
                yield block

    written = await blobs.save_stream(chunks(), files.path(req.cloud, location))
    fresh = (req.headers.get("x-fresh-metadata") or "").lower() in ("true", "1", "yes")
    meta = object_meta({} if fresh else {k: v for k, v in src["meta"].items()
                                         if k not in ("x-static-large-object", "x-object-manifest")},
                       common.metadata(req, "object", OBJECT_HEADERS))
    values = {"name": dest_name, "timestamp": common.now(req), "size": written.size, "etag": written.checksum,
              "content_type": req.headers.get("content-type") or src["content_type"], "meta": meta,
              "delete_at": _delete_at(req), "location": location}
    extra = {"X-Copied-From": quote(f"{src_container}/{src_name}"),
             "X-Copied-From-Last-Modified": views.http_date(src["timestamp"]), **views.meta_headers(meta)}
    return writes.store(req, dest_crow, values, created=True, extra=extra)


async def delete(req: Req) -> Any:
    """Delete the object; in a versioned container, bring back its newest archived version (stack mode) or
    archive it first (history mode), as versioned_writes does."""
    account, _container, name, crow = _target(req, write=True)
    if req.query.get("multipart-manifest") == "delete":
        return await slo.delete(req, account, crow, name)
    now = common.now(req)
    kept = False
    with req.cloud.store.begin() as conn:
        gone = manager.delete_object(conn, crow["id"], name)
        live = gone is not None and (gone["delete_at"] is None or gone["delete_at"] > now)
        archive = versions.archive_of(conn, crow) if live else None
        if gone is not None and archive is not None:
            mode, archive_row = archive
            if mode == "history":
                versions.keep(conn, archive_row, gone)
                kept = True
            else:
                versions.restore(conn, crow, archive_row, name)
    if gone is not None and not kept:
        files.remove(req.cloud, gone["location"])
    if not live:
        raise status(404)
    return Response(status_code=204, headers={"Content-Type": "text/html; charset=UTF-8"})
