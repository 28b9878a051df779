"""What the proxy APIs share: the 2.36 cap, the caller's policy target, offset/limit paging, and
turning another service's error into the one Nova would answer."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from twinstack.compute.api.resources_common import parse_int
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req


def capped(req: Req) -> None:
    """Nova removed the proxies at 2.36: from there on they are unknown resources."""
    if req.at_least(2, 36):
        raise ApiError(404, "The resource could not be found.")


def authorize(req: Req, rule: str, project_id: str | None = None) -> None:
    project = project_id or req.context.project_id
    req.authorize(f"os_compute_api:{rule}", {"project_id": project, "user_id": req.context.user_id})


def page(req: Req, items: list[Any]) -> list[Any]:
    """Nova's limited(): ``offset`` and ``limit`` (capped at 1000) over the whole list."""
    offset = parse_int(req.query.get("offset"), "offset") or 0
    limit = parse_int(req.query.get("limit"), "limit")
    limit = 1000 if limit is None else min(limit, 1000)
    return items[offset:offset + limit]


@contextmanager
def translated(not_found: str | None = None, conflict_status: int = 400,
               conflict: str | None = None) -> Iterator[None]:
    """Neutron or Cinder refused: answer as Nova does (its client turns 404/409/400 into these)."""
    try:
        yield
    except ApiError as err:
        if err.status == 404 and not_found is not None:
            raise ApiError(404, not_found) from None
        if err.status == 409 and err.kind == "OverQuota":
            raise ApiError(403, err.message) from None
        if err.status == 413:
            raise ApiError(403, err.message) from None
        if err.status == 409:
            raise ApiError(conflict_status, conflict or err.message) from None
        raise ApiError(err.status, err.message) from None
