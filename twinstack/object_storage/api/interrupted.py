"""The fault engine's ``object_put_interrupted`` outcome: an object PUT whose backend fails mid-stream, as
when the object servers go away while the proxy is sending. The first ``params.after_bytes`` (default half
the declared length, or 64 KiB of a chunked body) are written, then the write stops; the rest of the body is
read and dropped so the client hears the answer, the partial file is removed (core/blobs.py), and the client
gets the proxy's 503 (or ``action.status``). No row is written: listings and HEADs never see the object."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.faults import FaultRule
from twinstack.core.pipeline import Req
from twinstack.object_storage.errors import status, text_error

EVENT = "object_storage.put"
CHUNKED_CUT = 64 * 1024


class Interrupted(Exception):
    def __init__(self, rule: FaultRule) -> None:
        super().__init__(rule.id)
        self.rule = rule

    def error(self) -> ApiError:
        action = self.rule.action
        message = action.params.get("message") or action.message
        return text_error(action.status or 503, message) if message else status(action.status or 503)


def _rule(req: Req, container: str, name: str) -> FaultRule | None:
    check = getattr(req.cloud.faults, "check", None)
    if check is None or not req.cloud.faults.rules:
        return None
    ctx = req.context
    rule: FaultRule | None = check(EVENT, service="object_storage", name=f"{container}/{name}",
                                   project_id=ctx.project_id, user_id=ctx.user_id, project_name=ctx.project_name,
                                   user_name=ctx.user_name)
    return rule


def stream(req: Req, container: str, name: str) -> AsyncIterator[bytes]:
    """The request body, cut short when a rule says so (``match.name``: a regex on ``container/object``)."""
    body: AsyncIterator[bytes] = req.raw.stream()
    rule = _rule(req, container, name)
    if rule is None:
        return body
    length = req.headers.get("content-length")
    default = int(length) // 2 if length and length.isdigit() else CHUNKED_CUT
    after = int(rule.action.params.get("after_bytes", default))
    return _cut(body, after, rule)


async def _cut(body: AsyncIterator[bytes], after: int, rule: FaultRule) -> AsyncIterator[Any]:
    sent = 0
    async for chunk in body:
        if sent < after:
            piece = chunk[: after - sent]
            sent += len(piece)
            yield piece
    raise Interrupted(rule)
