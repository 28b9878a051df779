"""Static large objects: ``?multipart-manifest=put`` stores a JSON list of segments (each checked to exist,
with its ETag and size when given), a GET streams them in order, ``=get`` shows the manifest and
``=delete`` removes the manifest with its segments (Swift's slo middleware)."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import unquote

from starlette.responses import Response

from twinstack.core import blobs
from twinstack.core.pipeline import Req
from twinstack.object_storage import manager, views
from twinstack.object_storage import schemas as limits
from twinstack.object_storage.api import bulk, writes
from twinstack.object_storage.api.ranges import Piece
from twinstack.object_storage.errors import status, text_error
from twinstack.object_storage.manager import files


def _segment(req: Req, account: str, path: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    container, _, name = unquote(path).lstrip("/").partition("/")
    with req.cloud.store.read() as conn:
        crow = manager.get_container(conn, account, container)
        row = manager.get_object(conn, crow["id"], name) if crow else None
    return (crow, row) if crow and row else None


async def put(req: Req, account: str, crow: dict[str, Any], name: str, values: dict[str, Any]) -> Response:
    try:
        segments = json.loads(await req.raw.body())
    except (ValueError, UnicodeDecodeError):
        raise text_error(400, "Manifest must be valid JSON.\n") from None
    if not isinstance(segments, list) or not segments:
        raise text_error(400, "Manifest must be a list.\n")
    if len(segments) > limits.MAX_MANIFEST_SEGMENTS:
        raise text_error(400, f"Too many segments; max {limits.MAX_MANIFEST_SEGMENTS}.\n")
    problems: list[str] = []
    manifest = []
    for index, seg in enumerate(segments):
        if not isinstance(seg, dict) or not isinstance(seg.get("path"), str):
            raise text_error(400, f"Index {index}: \"path\" must be a string.\n")
        found = _segment(req, account, seg["path"])
        if found is None:
            problems.append(f"{seg['path']}, 404 Not Found")
            continue
        _crow, row = found
        if seg.get("etag") not in (None, row["etag"]):
            problems.append(f"{seg['path']}, Etag Mismatch")
        if seg.get("size_bytes") not in (None, row["size"]):
            problems.append(f"{seg['path']}, Size Mismatch")
        manifest.append({"name": "/" + unquote(seg["path"]).lstrip("/"), "hash": row["etag"], "bytes": row["size"],
                         "content_type": row["content_type"], "last_modified": views.iso(row["timestamp"])})
    if problems:
        raise text_error(400, "Errors:\n" + "\n".join(problems))
    body = json.dumps(manifest).encode()
    location = files.new_location()

    async def once() -> Any:
        yield body

    await blobs.save_stream(once(), files.path(req.cloud, location))
    etag = hashlib.md5("".join(s["hash"] for s in manifest).encode(), usedforsecurity=False).hexdigest()
    values.update(size=sum(s["bytes"] for s in manifest), etag=f'"{etag}"', location=location)
    values["meta"] = {**values["meta"], "x-static-large-object": "True"}
    return writes.store(req, crow, values, created=True)


def pieces(req: Req, account: str, row: dict[str, Any]) -> tuple[list[Piece], int, str]:
    manifest = json.loads(files.path(req.cloud, row["location"]).read_bytes())
    out = []
    for seg in manifest:
        found = _segment(req, account, seg["name"])
        if found is None:  # a segment deleted under the manifest: Swift fails the read part-way
            raise status(409)
        out.append(Piece(files.path(req.cloud, found[1]["location"]), 0, found[1]["size"]))
    return out, sum(p.length for p in out), row["etag"]


async def delete(req: Req, account: str, crow: dict[str, Any], name: str) -> Response:
    with req.cloud.store.read() as conn:
        row = manager.get_object(conn, crow["id"], name)
    if row is None:
        raise status(404)
    deleted = 0
    if row["meta"].get("x-static-large-object"):
        for seg in json.loads(files.path(req.cloud, row["location"]).read_bytes()):
            found = _segment(req, account, seg["name"])
            if found is not None:
                with req.cloud.store.begin() as conn:
                    gone = manager.delete_object(conn, found[0]["id"], found[1]["name"])
                if gone:
                    files.remove(req.cloud, gone["location"])
                    deleted += 1
    with req.cloud.store.begin() as conn:
        gone = manager.delete_object(conn, crow["id"], name)
    if gone:
        files.remove(req.cloud, gone["location"])
        deleted += 1
    return bulk.deleted_report(req, deleted, 0, [])
