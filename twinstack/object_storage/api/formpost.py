"""FormPOST (swift/common/middleware/formpost.py): an HTML form posts files straight into a container. The
form's ``redirect``, ``max_file_size``, ``max_file_count`` and ``expires`` are signed with a TempURL key
(HMAC of ``PATH\\nREDIRECT\\nMAX_FILE_SIZE\\nMAX_FILE_COUNT\\nEXPIRES``); each file lands at the posted
prefix plus its filename. No token is needed, and none helps: the signature decides."""

from __future__ import annotations

import hmac
from email import policy
from email.message import Message
from email.parser import BytesParser
from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response

from twinstack.core import blobs
from twinstack.core.pipeline import Req
from twinstack.object_storage import manager
from twinstack.object_storage.api import common, tempurl, writes
from twinstack.object_storage.manager import files

MAX_FORM_BYTES = 64 * 1024 * 1024  # what one form may carry here (the proxy streams; this one reads it whole)


def is_form(req: Req) -> bool:
    return (req.headers.get("content-type") or "").lower().startswith("multipart/form-data")


def _answer(status: int, message: str, redirect: str) -> Response:
    phrase = {201: "201 Created", 400: "400 Bad Request", 401: "401 Unauthorized"}.get(status, str(status))
    if redirect:
        sep = "&" if "?" in redirect else "?"
        location = f"{redirect}{sep}{urlencode({'status': status, 'message': message})}"
        return Response(f'<html><body><p><a href="{location}">Click to continue...</a></p></body></html>',
                        status_code=303, headers={"Location": location, "Content-Type": "text/html; charset=UTF-8"})
    body = f"<html><body><p><h1>{phrase}</h1><p>FormPost: {message}</p></body></html>"
    return Response(body, status_code=status, headers={"Content-Type": "text/html; charset=UTF-8"})


def _parts(req: Req, raw: bytes) -> list[Message]:
    head = f"Content-Type: {req.headers['content-type']}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + raw)
    return list(message.iter_parts()) if message.is_multipart() else []


async def handle(req: Req, account: str, container: str, prefix: str) -> Response:
    raw = await req.raw.body()
    if len(raw) > MAX_FORM_BYTES:
        return _answer(400, "max_file_size exceeded", "")
    fields: dict[str, str] = {}
    uploads: list[tuple[str, str, bytes]] = []
    for part in _parts(req, raw):
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        if filename is None:
            fields[str(name)] = payload.decode("utf-8", "replace")
        elif filename:
            uploads.append((filename, part.get_content_type(), payload))
    redirect = fields.get("redirect", "")
    try:
        max_size, max_count, expires = (int(fields.get(k, "")) for k in ("max_file_size", "max_file_count", "expires"))
    except ValueError:
        return _answer(400, "invalid form fields", redirect)
    if expires < common.now(req):
        return _answer(401, "Form Expired", redirect)
    if not _signed(req, account, container, prefix, fields, redirect):
        return _answer(401, "Invalid Signature", redirect)
    if len(uploads) > max_count:
        return _answer(400, "max_file_count exceeded", redirect)
    if any(len(data) > max_size for _, _, data in uploads):
        return _answer(400, "max_file_size exceeded", redirect)
    with req.cloud.store.read() as conn:
        crow = manager.get_container(conn, account, container)
    if crow is None:
        return _answer(400, "container not found", redirect)
    for filename, content_type, data in uploads:
        await _store(req, crow, prefix + filename, content_type, data, fields)
    return _answer(201, "", redirect)


def _signed(req: Req, account: str, container: str, prefix: str, fields: dict[str, str], redirect: str) -> bool:
    parsed = tempurl.signature(fields.get("signature", ""))
    if parsed is None:
        return False
    algo, digest = parsed
    tail = f"{account}/{container}/{prefix}"
    roots = {"/v1", req.raw.scope.get("root_path", "") + "/v1"}
    for key in tempurl.keys(req, account, container):
        for root in roots:
            body = f"{root}/{tail}\n{redirect}\n{fields.get('max_file_size')}\n{fields.get('max_file_count')}\n" \
                   f"{fields.get('expires')}"
            if hmac.compare_digest(hmac.new(key.encode(), body.encode(), algo).digest(), digest):
                return True
    return False


async def _store(req: Req, crow: dict[str, Any], name: str, content_type: str, data: bytes,
                 fields: dict[str, str]) -> None:
    location = files.new_location()

    async def once() -> Any:
        yield data

    written = await blobs.save_stream(once(), files.path(req.cloud, location))
    delete_at = None
    if fields.get("x_delete_at", "").isdigit():
        delete_at = float(fields["x_delete_at"])
    elif fields.get("x_delete_after", "").isdigit():
        delete_at = common.now(req) + int(fields["x_delete_after"])
    values = {"name": name, "timestamp": common.now(req), "content_type": content_type, "meta": {},
              "delete_at": delete_at, "size": written.size, "etag": written.checksum, "location": location}
    writes.store(req, crow, values, created=True)
