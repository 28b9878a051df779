"""What every Designate handler needs: the caller's scope (its project, or every project for an admin who
asks with ``X-Auth-All-Projects`` or ``all_projects``), bodies, and collection pages with Designate's
``links``/``metadata``."""

from __future__ import annotations

import dataclasses
import functools
import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pagination import next_link, paginate
from twinstack.core.pipeline import Handler, Req
from twinstack.core.validation import validate
from twinstack.dns import errors

DEFAULT_LIMIT, MAX_LIMIT = 20, 1000  # designate.conf [service:api] default_limit_v2, max_limit_v2


def all_projects(req: Req) -> bool:
    """Designate's context: the header (or the ``all_projects`` query parameter) asks, the policy decides."""
    asked = req.raw.headers.get("x-auth-all-projects") or req.raw.query_params.get("all_projects")
    if asked is None or not _true(asked):
        return False
    req.authorize("all_tenants", {"project_id": req.context.project_id})
    return True


def _true(value: str) -> bool:
    try:
        return bool(to_bool(value))
    except Exception:
        raise errors.bad_request(f"Invalid value for all_projects: {value}") from None


def scope(req: Req) -> str | None:
    """None to see every project (admin, all_projects), else the caller's project."""
    return None if all_projects(req) else (req.context.project_id or "")


def authorize(req: Req, rule: str, project_id: str | None, **target: Any) -> None:
    req.authorize(rule, {"project_id": project_id or req.context.project_id, "all_tenants": project_id is None,
                         **target})


async def body(req: Req, schema: dict[str, Any]) -> dict[str, Any]:
    data = await req.json()
    if not isinstance(data, dict):
        raise errors.invalid_object("Provided object does not match schema: the body must be an object")
    try:
        validate(data, schema)
    except Exception as err:
        raise errors.invalid_object(f"Provided object does not match schema: {err}") from None
    return data


def _limit(req: Req) -> int:
    raw = req.raw.query_params.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if raw == "max":
        return MAX_LIMIT
    if not raw.isdigit() or int(raw) < 1:
        raise ApiError(400, f"limit must be an integer > 0: {raw}", "invalid_limit")
    return min(int(raw), MAX_LIMIT)


def listing(req: Req, conn: Connection, table: sa.Table, query: sa.Select[Any], path: str, filters: tuple[str, ...],
            sort_keys: tuple[str, ...], show: Callable[[dict[str, Any]], dict[str, Any]],
            key: str | None = None) -> dict[str, Any]:
    """One page of the collection at ``path`` (below /v2; its last segment names the key): exact filters
    (``*`` a wildcard, as Designate's), sort, limit/marker, ``links`` and ``metadata.total_count``."""
    key = key or path.rsplit("/", 1)[-1]
    params = req.raw.query_params
    for name in filters:
        value = params.get(name)
        if value is None:
            continue
        column = table.c[name]
        if "*" in value:
            query = query.where(column.like(value.replace("%", r"\%").replace("*", "%")))
        else:
            query = query.where(sa.cast(column, sa.String) == value)
    total = conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar()
    sort_key = params.get("sort_key", "created_at")
    sort_dir = params.get("sort_dir", "asc")
    if sort_key not in sort_keys:
        raise errors.invalid_sort_key(", ".join(sort_keys))
    if sort_dir not in ("asc", "desc"):
        raise ApiError(400, "Unknown sort direction, must be 'desc' or 'asc'", "invalid_sort_dir")
    limit = _limit(req)
    marker = params.get("marker")
    sort_column = "project_id" if sort_key == "tenant_id" else sort_key  # Designate's name for the project
    page = paginate(conn, table, query, [(sort_column, sort_dir)], marker, limit,
                    marker_not_found="Marker {marker} could not be found")
    base = f"{req.base_url()}/v2/{path}"
    links: dict[str, str] = {"self": f"{base}?{req.raw.url.query}" if req.raw.url.query else base}
    if page.more and page.last_id:
        links["next"] = next_link(base, params, page.last_id, limit)
    return {key: [show(row) for row in page.rows], "links": links, "metadata": {"total_count": total}}


# path parameters that name a project, not a record (quotas): never checked as UUIDs
NOT_UUIDS = ("project_id",)


def designate_handler(handler: Handler) -> Handler:
    """What Designate does before any controller method: ``validate_uuid`` on the ids in the path (400
    ``invalid_uuid``), and ``X-Auth-Sudo-Project-ID`` (policy ``use_sudo``: the admin acts as that project)."""

    @functools.wraps(handler)
    async def run(req: Req) -> Any:
        for name, value in req.params.items():
            if name.endswith("_id") and name not in NOT_UUIDS and not _uuid_like(value):
                raise ApiError(400, f"Invalid UUID {name}: {value}", "invalid_uuid")
        sudo = req.raw.headers.get("x-auth-sudo-project-id")
        if sudo and req.ctx is not None:
            req.authorize("use_sudo", {"project_id": req.context.project_id})
            req.ctx = dataclasses.replace(req.ctx, project_id=sudo, project_name=None)
        return await handler(req)

    return run


def _uuid_like(value: str) -> bool:
    """oslo.utils' is_uuid_like: any spelling uuid.UUID reads back the same (dashes optional)."""
    try:
        return str(uuid.UUID(value)).replace("-", "") == value.replace("-", "").lower()
    except (TypeError, ValueError, AttributeError):
        return False
