"""How Swift shows its records: listings in plain text, JSON or XML (chosen by ``?format=`` or Accept, as
the proxy's listing_formats middleware does), timestamps in Swift's three spellings, and the metadata
headers of each level."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from email.utils import formatdate
from typing import Any
from xml.sax.saxutils import escape

from starlette.responses import Response

from twinstack.core.errors import ApiError

FORMATS = {"json": "application/json", "xml": "application/xml", "plain": "text/plain"}


def x_timestamp(ts: float) -> str:
    """Swift's normalized timestamp: ten digits, a point, five decimals."""
    return f"{ts:016.05f}"


def http_date(ts: float) -> str:
    """Last-Modified: the timestamp rounded up to the second (swob does this, so If-Modified-Since works)."""
    return formatdate(math.ceil(ts), usegmt=True)


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def listing_format(req: Any) -> str:
    """``?format=`` wins; else the best of Accept; else plain text."""
    asked = req.query.get("format")
    if asked is not None:
        asked = asked.lower()
        if asked not in FORMATS:
            return "plain"
        return str(asked)
    accept = (req.headers.get("accept") or "").lower()
    for kind, media in (("json", "application/json"), ("xml", "application/xml"), ("xml", "text/xml")):
        if media in accept:
            return kind
    if accept and "text/plain" not in accept and "*/*" not in accept and "text/*" not in accept:
        raise ApiError(406, "Not Acceptable", "SwiftText")
    return "plain"


def _media(kind: str) -> str:
    return FORMATS[kind] + "; charset=utf-8"


def listing(kind: str, level: str, owner: str, items: list[dict[str, Any]], headers: dict[str, str],
            head: bool = False) -> Response:
    """A listing response. Plain text with nothing to list is a 204, as Swift answers it."""
    if kind == "plain":
        if not items:
            return Response(status_code=204, headers={**headers, "Content-Type": _media("plain")})
        body = "".join(f"{i.get('subdir') or i['name']}\n" for i in items)
    elif kind == "json":
        body = json.dumps([_entry(level, i) for i in items], separators=(", ", ": "))
    else:
        tag = "container" if level == "account" else "object"
        parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<{level} name="{escape(owner)}">']
        for item in items:
            if "subdir" in item:
                parts.append(f'<subdir name="{escape(item["subdir"])}"><name>{escape(item["subdir"])}</name></subdir>')
                continue
            fields = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in _entry(level, item).items())
            parts.append(f"<{tag}>{fields}</{tag}>")
        body = "".join(parts) + f"</{level}>"
    return Response(b"" if head else body.encode(), status_code=200,
                    headers={**headers, "Content-Type": _media(kind), "Content-Length": str(len(body.encode()))})


def _entry(level: str, item: dict[str, Any]) -> dict[str, Any]:
    if "subdir" in item:
        return {"subdir": item["subdir"]}
    if level == "account":
        return {"name": item["name"], "count": item["count"], "bytes": item["bytes"],
                "last_modified": iso(item["last_modified"])}
    entry = {"name": item["name"], "hash": item["etag"], "bytes": item["size"],
             "content_type": item["content_type"], "last_modified": iso(item["timestamp"])}
    return entry


def meta_headers(meta: dict[str, str]) -> dict[str, str]:
    """Stored metadata back as headers, in the case Swift titles them (X-Container-Meta-Color)."""
    return {"-".join(part.capitalize() for part in key.split("-")): value for key, value in meta.items()}


def account_headers(row: dict[str, Any] | None, totals: tuple[int, int, int], now: float) -> dict[str, str]:
    """An account that was never written still answers (account_autocreate), with zeros and today's time."""
    containers, objects, size = totals
    created, put = (row["created_at"], row["put_timestamp"]) if row else (now, now)
    return {
        "X-Account-Container-Count": str(containers), "X-Account-Object-Count": str(objects),
        "X-Account-Bytes-Used": str(size), "X-Timestamp": x_timestamp(created), "X-Put-Timestamp": x_timestamp(put),
        "X-Account-Storage-Policy-Policy-0-Container-Count": str(containers),
        "X-Account-Storage-Policy-Policy-0-Object-Count": str(objects),
        "X-Account-Storage-Policy-Policy-0-Bytes-Used": str(size),
        "Accept-Ranges": "bytes",
        **meta_headers(row["meta"] if row else {}),
    }


def container_headers(row: dict[str, Any]) -> dict[str, str]:
    return {
        "X-Container-Object-Count": str(row["object_count"]), "X-Container-Bytes-Used": str(row["bytes_used"]),
        "X-Timestamp": x_timestamp(row["created_at"]), "X-Put-Timestamp": x_timestamp(row["put_timestamp"]),
        "Last-Modified": http_date(row["put_timestamp"]), "X-Storage-Policy": "Policy-0", "Accept-Ranges": "bytes",
        **meta_headers(row["meta"]),
    }


def object_headers(row: dict[str, Any]) -> dict[str, str]:
    headers = {
        "Content-Type": row["content_type"], "Etag": row["etag"], "Last-Modified": http_date(row["timestamp"]),
        "X-Timestamp": x_timestamp(row["timestamp"]), "Accept-Ranges": "bytes",
        **meta_headers(row["meta"]),
    }
    if row["delete_at"] is not None:
        headers["X-Delete-At"] = str(int(row["delete_at"]))
    return headers
