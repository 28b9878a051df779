"""What every Octavia handler needs: policy in Octavia's words (a 403 "Policy does not allow this request
to be performed."), the caller's project, bodies under their root key, and lists scoped to the caller's
project unless the policy's ``get_all-global`` lets it see every project (then ``project_id`` filters)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, json_response
from twinstack.core.resource import Resource
from twinstack.load_balancer import errors, policies
from twinstack.load_balancer.manager.resources import CRUD, KINDS


def authorize(req: Req, kind: str, action: str, project_id: str | None) -> None:
    try:
        req.authorize(policies.rule(kind, action), {"project_id": project_id or req.context.project_id})
    except ApiError as err:
        if err.status == 403:
            raise errors.forbidden() from None
        raise


def allowed(req: Req, kind: str, action: str, project_id: str | None = None) -> bool:
    return bool(req.cloud.policy.allowed(policies.rule(kind, action),
                                         {"project_id": project_id or req.context.project_id}, req.context))


def project_of(req: Req, values: dict[str, Any]) -> str:
    """The new object's project: the caller's, or (an admin's choice) the body's ``project_id``."""
    asked = values.get("project_id")
    if asked and asked != req.context.project_id and not allowed(req, "loadbalancer", "get_all-global"):
        raise errors.forbidden()
    project = asked or req.context.project_id
    if not project:
        raise ApiError(400, "Missing project ID in request where one is required.", "MissingAPIProjectID")
    return str(project)


async def read(req: Req, res: Resource, create: bool) -> dict[str, Any]:
    body = await req.json()
    key = res.singular
    if not isinstance(body, dict) or not isinstance(body.get(key), dict):
        raise errors.missing(key)
    return CRUD.prepare(res, body, None, create)


def show(req: Req, res: Resource, row: dict[str, Any], conn: Any) -> dict[str, Any]:
    fields = CRUD.parse_fields(req.query)
    return CRUD.render(req.cloud, conn, res, [row], None, fields)[0]


def listing(req: Req, res: Resource, extra: Any = None, kind: str | None = None,
            view: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> Any:
    """A page of ``res``: the caller's project's rows, or every project's (``project_id`` then filters)
    when the policy allows ``get_all-global``."""
    kind = kind or KINDS[res.singular]
    authorize(req, kind, "get_all", req.context.project_id)
    project = req.query.get("project_id")
    scope = None
    global_rule = kind if kind not in ("member", "l7rule") else "loadbalancer"  # no -global rule of their own
    if not allowed(req, global_rule, "get_all-global"):
        scope = res.table.c.project_id == (req.context.project_id or "")
    elif project:
        scope = res.table.c.project_id == project
    where = [c for c in (scope, extra) if c is not None]
    fields = CRUD.parse_fields(req.query)
    with req.cloud.store.read() as conn:
        rows, links, _ = CRUD.list_page(conn, res, req, _and(where))
        items = CRUD.render(req.cloud, conn, res, rows, None, fields)
    if view is not None:
        items = [view(item) for item in items]
    return json_response({res.plural: items, f"{res.plural}_links": links or []})


def _and(clauses: list[Any]) -> Any:
    return sa.and_(*clauses) if clauses else None
