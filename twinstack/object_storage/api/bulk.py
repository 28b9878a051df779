"""The bulk middleware: ``?bulk-delete`` (newline-separated paths, each deleted as its own request would
be) and ``?extract-archive`` (a tar, optionally gzip/bzip2, whose files become objects, creating the
containers they name), each answered with the middleware's report in JSON or text."""

from __future__ import annotations

import json
import tarfile
import tempfile
from typing import Any
from urllib.parse import unquote

from starlette.responses import Response

from twinstack.core import blobs
from twinstack.core.pipeline import Req
from twinstack.object_storage import manager
from twinstack.object_storage import schemas as limits
from twinstack.object_storage.api import common, writes
from twinstack.object_storage.errors import text_error
from twinstack.object_storage.manager import files

FORMATS = ("tar", "tar.gz", "tar.bz2")  # what ?extract-archive= may name; tarfile detects the compression


def _report(req: Req, fields: dict[str, Any], errors: list[list[str]], ok: str) -> Response:
    fields = {**fields, "Response Body": "", "Response Status": "400 Bad Request" if errors else ok,
              "Errors": errors}
    if "json" in (req.headers.get("accept") or "") or req.query.get("format") == "json":
        return Response(json.dumps(fields), headers={"Content-Type": "application/json; charset=utf-8"})
    lines = [f"{k}: {v}" for k, v in fields.items() if k != "Errors"]
    lines += ["Errors:", *[f"{name}, {why}" for name, why in errors]]
    return Response("\n".join(lines) + "\n", headers={"Content-Type": "text/plain; charset=utf-8"})


def deleted_report(req: Req, deleted: int, not_found: int, errors: list[list[str]]) -> Response:
    return _report(req, {"Number Deleted": deleted, "Number Not Found": not_found}, errors, "200 OK")


async def delete(req: Req, account: str) -> Response:
    """Newline-separated ``/container/object`` (or ``/container``) paths, URL-quoted; each deleted as its
    own request would be, each failure reported, never more than the limit per request."""
    common.require_owner(req, account)
    lines = [unquote(line.strip()) for line in (await req.raw.body()).decode("utf-8", "replace").splitlines()]
    paths = [line.lstrip("/") for line in lines if line.strip()]
    if len(paths) > limits.MAX_DELETES_PER_REQUEST:
        raise text_error(413, f"Maximum Bulk Deletes: {limits.MAX_DELETES_PER_REQUEST} per request")
    deleted = missing = 0
    errors: list[list[str]] = []
    for path in paths:
        container, _, name = path.partition("/")
        with req.cloud.store.begin() as conn:
            crow = manager.get_container(conn, account, container)
            if crow is None:
                missing += 1
                continue
            if not name:
                if manager.delete_container(conn, crow):
                    deleted += 1
                else:
                    errors.append([f"/{container}", "409 Conflict"])
                continue
            gone = manager.delete_object(conn, crow["id"], name)
        if gone is None:
            missing += 1
        else:
            files.remove(req.cloud, gone["location"])
            deleted += 1
    return deleted_report(req, deleted, missing, errors)


async def extract(req: Req, account: str, base: str) -> Response:
    """Unpack the archive under ``base`` (``container[/prefix]`` or the account itself)."""
    common.require_owner(req, account)
    if req.query.get("extract-archive") not in FORMATS:
        raise text_error(400, "Unsupported archive format")
    created = 0
    errors: list[list[str]] = []
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
        async for chunk in req.raw.stream():
            spool.write(chunk)
        spool.seek(0)
        try:
            archive = tarfile.open(fileobj=spool, mode="r:*")  # noqa: SIM115 - entered just below
        except (tarfile.TarError, EOFError):
            raise text_error(400, "Invalid Tar File: not a tar archive") from None
        with archive:
            for member in archive:
                if not member.isfile():
                    continue
                path = f"{base.strip('/')}/{member.name}".strip("/") if base else member.name.strip("/")
                container, _, name = path.lstrip("./").partition("/")
                if not container or not name:
                    continue
                reader = archive.extractfile(member)
                if reader is None:
                    continue
                try:
                    await _unpacked(req, account, container, name, reader.read())
                    created += 1
                except Exception as exc:  # one member's failure is reported, the rest go on
                    errors.append([f"/{container}/{name}", getattr(exc, "message", "") or str(exc) or "error"])
    return _report(req, {"Number Files Created": created}, errors, "201 Created")


async def _unpacked(req: Req, account: str, container: str, name: str, data: bytes) -> None:
    if len(name.encode()) > limits.MAX_OBJECT_NAME_LENGTH:
        raise text_error(400, "Object name too long")
    with req.cloud.store.begin() as conn:
        crow = manager.get_container(conn, account, container)
        if crow is None:
            manager.put_container(conn, account, container, {}, common.now(req))
            crow = manager.get_container(conn, account, container)
    assert crow is not None
    location = files.new_location()

    async def once() -> Any:
        yield data

    written = await blobs.save_stream(once(), files.path(req.cloud, location))
    values = {"name": name, "timestamp": common.now(req), "content_type": "application/octet-stream",
              "meta": {}, "delete_at": None, "size": written.size, "etag": written.checksum, "location": location}
    writes.store(req, crow, values, created=True)

