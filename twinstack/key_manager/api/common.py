"""What every handler needs: the caller's project and user, the cloud's now, and authorization against a
record (its owner project, its creator, and the ACL that may let a user of another project read it), and
the shapes every collection shares (listing, POST answers, DELETE)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.key_manager import errors, views
from twinstack.key_manager.manager import common as mcommon
from twinstack.key_manager.policies import OPERATIONS


def now(req: Req) -> datetime:
    return req.cloud.clock.now()


def project(req: Req) -> str:
    return req.context.project_id or ""


def authorize(req: Req, rule: str, row: dict[str, Any] | None = None) -> None:
    """Policy on a record (its target built as Barbican's controllers build it), or on the caller's
    project for a collection."""
    try:
        req.authorize(rule, target(req, rule, row) if row is not None else {"project_id": project(req)})
    except ApiError as err:
        if err.status != 403:
            raise
        raise errors.not_allowed(OPERATIONS.get(rule, "Operation")) from None


def target(req: Req, rule: str, row: dict[str, Any]) -> dict[str, Any]:
    """``target.<kind>.*`` for the record the rule names (secret, container or order): owner, creator, and
    from its read ACL whether the project keeps access and whether the caller is one of its users."""
    kind = next(k for k in ("secret", "container", "order") if rule.startswith(k))
    read: dict[str, Any] = (row.get("acl") or {}).get("read") or {}
    return {
        f"target.{kind}.project_id": row["project_id"], f"target.{kind}.creator_id": row["creator_id"],
        f"target.{kind}.read_project_access": bool(read.get("project-access", True)),
        f"target.{kind}.read": "read" if req.context.user_id in read.get("users", []) else "",
    }


def base(req: Req) -> str:
    return req.base_url()


Lister = Callable[[Any, str, Any, datetime], tuple[list[dict[str, Any]], int]]


def listing(req: Req, kind: str, rows_of: Lister, view: Callable[[str, dict[str, Any]], dict[str, Any]],
            filters: str = "") -> Any:
    """A GET on a collection: the caller's project's records, one page, with ``total`` and its hrefs."""
    authorize(req, f"{kind}:get")
    with req.cloud.store.read() as conn:
        rows, total = rows_of(conn, project(req), req.query, now(req))
    offset, limit = mcommon.paging(req.query)
    return views.page(base(req), kind, [view(base(req), r) for r in rows], total, offset, limit, filters)


def created(req: Req, kind: str, row_id: str, status: int = 201) -> Any:
    """Barbican's answer to a POST: the new record's href in the body (``secret_ref`` ...) and Location."""
    ref = views.href(base(req), kind, row_id)
    return json_response({f"{kind[:-1]}_ref": ref}, status, {"Location": ref})


def deleted(req: Req, delete: Callable[[Any, str], None], row: dict[str, Any]) -> Any:
    with req.cloud.store.begin() as conn:
        delete(conn, row["id"])
    return empty(204)


def content_type(req: Req) -> str:
    """The request's media type without parameters, as webob's ``content_type`` gives it."""
    return str(req.headers.get("content-type") or "").split(";")[0].strip().lower()


def enforce_content_types(req: Req, allowed: tuple[str, ...]) -> None:
    """barbican/api/controllers ``enforce_content_types``: a body of another type is a 415."""
    if content_type(req) not in allowed:
        raise errors.unsupported_media(f"Unexpected content type. Expected content types are: {list(allowed)}")


async def json_body(req: Req) -> Any:
    enforce_content_types(req, ("application/json",))
    return await req.json()
