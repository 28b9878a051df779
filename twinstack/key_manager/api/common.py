"""What every handler needs: the caller's project and user, the cloud's now, and authorization against a
record (its owner project, its creator, and the ACL that may let a user of another project read it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.key_manager import views
from twinstack.key_manager.manager import common as mcommon


def now(req: Req) -> datetime:
    return req.cloud.clock.now()


def project(req: Req) -> str:
    return req.context.project_id or ""


def authorize(req: Req, rule: str, row: dict[str, Any] | None = None, acl_op: str | None = None) -> None:
    """Policy on the record's owner; a read the record's ACL grants the caller passes first, as
    Barbican's ``secret_acl_read``/``container_acl_read`` rules do."""
    if row is not None and acl_op is not None:
        if acl_allows(req, row, acl_op):
            return
        if not project_access(row, acl_op) and not _creator_or_admin(req, row):
            raise ApiError(403, "Forbidden: the owner made this private (project-access is false).")
    target = {"project_id": row["project_id"], "creator_id": row["creator_id"]} if row else {
        "project_id": project(req)}
    req.authorize(rule, target)


def project_access(row: dict[str, Any], operation: str) -> bool:
    """Whether the owning project's readers may read (``project-access``, true unless the ACL says not)."""
    return bool(((row.get("acl") or {}).get(operation) or {}).get("project-access", True))


def _creator_or_admin(req: Req, row: dict[str, Any]) -> bool:
    ctx = req.context
    return ctx.user_id == row["creator_id"] or (ctx.is_admin and ctx.project_id == row["project_id"])


def acl_allows(req: Req, row: dict[str, Any], operation: str) -> bool:
    rule: dict[str, Any] = (row.get("acl") or {}).get(operation) or {}
    return bool(rule) and req.context.user_id in rule.get("users", [])


def base(req: Req) -> str:
    return req.base_url()


Lister = Callable[[Any, str, Any, datetime], tuple[list[dict[str, Any]], int]]


def listing(req: Req, kind: str, rows_of: Lister, view: Callable[[str, dict[str, Any]], dict[str, Any]]) -> Any:
    """A GET on a collection: the caller's project's records, one page, with ``total`` and its hrefs."""
    authorize(req, f"{kind}:get")
    with req.cloud.store.read() as conn:
        rows, total = rows_of(conn, project(req), req.query, now(req))
    offset, limit = mcommon.paging(req.query)
    return views.page(base(req), kind, [view(base(req), r) for r in rows], total, offset, limit)


def created(req: Req, kind: str, row_id: str, status: int = 201) -> Any:
    """Barbican's answer to a POST: the new record's href in the body (``secret_ref`` ...) and Location."""
    ref = views.href(base(req), kind, row_id)
    return json_response({f"{kind[:-1]}_ref": ref}, status, {"Location": ref})


def deleted(req: Req, delete: Callable[[Any, str], None], row: dict[str, Any]) -> Any:
    with req.cloud.store.begin() as conn:
        delete(conn, row["id"])
    return empty(204)
