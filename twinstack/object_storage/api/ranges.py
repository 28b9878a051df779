"""Conditional and ranged reads, as swob answers them: If-Match / If-None-Match / If-(Un)Modified-Since
before anything is read, then one range (206 with Content-Range), several (multipart/byteranges), or
none that fits (416)."""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from starlette.responses import Response, StreamingResponse

from twinstack.core import blobs
from twinstack.core.pipeline import Req


@dataclass(frozen=True)
class Piece:
    """``length`` bytes of a file from ``start``: an object is one piece, a large object one per segment."""

    path: Path
    start: int
    length: int


def _etags(value: str) -> set[str]:
    return {tag.strip().strip('"') for tag in value.split(",")}


def _since(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None


def conditional(req: Req, etag: str, timestamp: float) -> int | None:
    """304 or 412 when a precondition decides the answer, else None."""
    bare = etag.strip('"')
    if_match = req.headers.get("if-match")
    if if_match and "*" not in _etags(if_match) and bare not in _etags(if_match):
        return 412
    if_none = req.headers.get("if-none-match")
    if if_none and ("*" in _etags(if_none) or bare in _etags(if_none)):
        return 304
    modified = math.ceil(timestamp)
    unmodified_since = _since(req.headers.get("if-unmodified-since"))
    if unmodified_since is not None and modified > unmodified_since:
        return 412
    modified_since = _since(req.headers.get("if-modified-since"))
    if not if_none and modified_since is not None and modified <= modified_since:
        return 304
    return None


def _ranges(header: str, size: int) -> list[tuple[int, int]] | None:
    """Byte ranges (inclusive) that fall in the object; None when the header is not a valid range spec
    (swob then ignores it and sends the whole object)."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or not spec:
        return None
    out = []
    for part in spec.split(","):
        first, dash, last = part.strip().partition("-")
        if not dash or (not first and not last):
            return None
        try:
            if not first:  # the last N bytes
                length = int(last)
                if length <= 0:
                    continue
                out.append((max(0, size - length), size - 1))
                continue
            start = int(first)
            end = int(last) if last else size - 1
        except ValueError:
            return None
        if start > end and last:
            return None
        if start < size:
            out.append((start, min(end, size - 1)))
    return out


def _slice(pieces: list[Piece], start: int, end: int) -> Iterator[bytes]:
    """Bytes start..end (inclusive) of the concatenated pieces."""
    offset = 0
    for piece in pieces:
        lo, hi = max(start, offset), min(end, offset + piece.length - 1)
        if lo <= hi:
            yield from blobs.read_range(piece.path, piece.start + lo - offset, piece.start + hi - offset)
        offset += piece.length
        if offset > end:
            return


def ranged(req: Req, pieces: list[Piece], size: int, headers: dict[str, Any], status: int = 200) -> Response:
    head = req.method == "HEAD"
    header = req.headers.get("range")
    spans = _ranges(header, size) if header else None
    if spans is not None and not spans:
        return Response(status_code=416, headers={"Content-Range": f"bytes */{size}",
                                                  "Content-Type": "text/html; charset=UTF-8"})
    if spans is None:
        headers["Content-Length"] = str(size)
        return StreamingResponse(iter(()) if head else _slice(pieces, 0, size - 1), status_code=status,
                                 headers=headers)
    if len(spans) == 1:
        start, end = spans[0]
        headers.update({"Content-Range": f"bytes {start}-{end}/{size}", "Content-Length": str(end - start + 1)})
        return StreamingResponse(iter(()) if head else _slice(pieces, start, end), status_code=206, headers=headers)
    boundary = secrets.token_hex(16)
    kind = headers.pop("Content-Type", "application/octet-stream")
    parts = [(f"--{boundary}\r\nContent-Type: {kind}\r\nContent-Range: bytes {s}-{e}/{size}\r\n\r\n".encode(), s, e)
             for s, e in spans]
    tail = f"\r\n--{boundary}--".encode()
    length = sum(len(p) + e - s + 1 for p, s, e in parts) + 2 * (len(parts) - 1) + len(tail)

    def body() -> Iterator[bytes]:
        for i, (preamble, s, e) in enumerate(parts):
            yield (b"\r\n" if i else b"") + preamble
            yield from _slice(pieces, s, e)
        yield tail

    headers.update({"Content-Type": f"multipart/byteranges;boundary={boundary}", "Content-Length": str(length)})
    return StreamingResponse(iter(()) if head else body(), status_code=206, headers=headers)
