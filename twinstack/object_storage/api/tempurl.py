"""TempURL (swift/common/middleware/tempurl.py): a request that carries ``temp_url_sig`` and
``temp_url_expires`` is authorized by an HMAC of ``METHOD\\nEXPIRES\\nPATH`` under one of the account's or
the container's ``Temp-URL-Key``s, and by nothing else: a bad or expired signature is a 401 even with a
valid token. ``temp_url_prefix`` signs every object under a prefix; ``filename``/``inline`` shape the
Content-Disposition of the download."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from typing import Any
from urllib.parse import quote

from twinstack.core.pipeline import Req
from twinstack.object_storage import manager
from twinstack.object_storage.api import common
from twinstack.object_storage.errors import denied

DIGESTS = {40: hashlib.sha1, 64: hashlib.sha256, 128: hashlib.sha512}
NAMED = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}
KEYS = ("temp-url-key", "temp-url-key-2")


def _expires(raw: str) -> int | None:
    try:
        return int(raw)
    except ValueError:
        pass
    try:  # ISO 8601 in UTC, as `swift tempurl --iso8601` writes it
        return int(datetime.strptime(raw, "%Y-%m-%dT%H:%M:%SZ").timestamp())
    except ValueError:
        return None


def signature(sig: str) -> tuple[Any, bytes] | None:
    """(hash constructor, raw digest) from hex of a known length, or ``<digest>:<base64>``."""
    name, colon, encoded = sig.partition(":")
    if colon:
        algo = NAMED.get(name)
        try:
            return (algo, base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))) if algo else None
        except ValueError:
            return None
    algo = DIGESTS.get(len(sig))
    try:
        return (algo, bytes.fromhex(sig)) if algo else None
    except ValueError:
        return None


def keys(req: Req, account: str, container: str) -> list[str]:
    with req.cloud.store.read() as conn:
        arow = manager.get_account(conn, account) or {"meta": {}}
        crow = manager.get_container(conn, account, container) or {"meta": {}}
    return [meta[f"x-{level}-meta-{key}"] for level, meta in (("account", arow["meta"]), ("container", crow["meta"]))
            for key in KEYS if meta.get(f"x-{level}-meta-{key}")]


def authorized(req: Req, account: str, container: str, name: str) -> bool:
    """True when a valid TempURL signs this request; False when it carries none; 401 when it is bad."""
    sig, raw_expires = req.query.get("temp_url_sig"), req.query.get("temp_url_expires")
    if sig is None and raw_expires is None:
        return False
    expires = _expires(raw_expires or "")
    parsed = signature(sig or "")
    if expires is None or parsed is None or expires < common.now(req):
        raise denied(False)
    algo, digest = parsed
    prefix = req.query.get("temp_url_prefix")
    if prefix is not None and not name.startswith(prefix):
        raise denied(False)
    methods = [req.method] + (["GET", "PUT"] if req.method == "HEAD" else [])
    paths = []
    for root in ("/v1", req.raw.scope.get("root_path", "").rsplit("/v1", 1)[0] + "/v1"):
        base = f"{root}/{account}/{container}/"
        paths.append(f"prefix:{base}{prefix}" if prefix is not None else base + name)
        paths.append(quote(paths[-1]) if prefix is None else paths[-1])
    ip_range = req.query.get("temp_url_ip_range")
    for key in keys(req, account, container):
        for method in methods:
            for path in paths:
                body = f"{method}\n{expires}\n{path}"
                if ip_range:
                    body = f"ip={ip_range}\n{body}"
                if hmac.compare_digest(hmac.new(key.encode(), body.encode(), algo).digest(), digest):
                    return True
    raise denied(False)


def disposition(req: Req, name: str) -> str | None:
    """The Content-Disposition a TempURL download gets (None when no TempURL was used)."""
    if req.query.get("temp_url_sig") is None:
        return None
    filename = req.query.get("filename")
    if "inline" in req.query:
        return f'inline; filename="{filename}"' if filename else "inline"
    filename = filename or name.rsplit("/", 1)[-1]
    return f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
