"""Nova's os-server-groups: affinity policies the scheduler honours (compute-core adds members on
boot), ``policies`` before 2.64 and ``policy`` + ``rules`` from it, with the server_groups quota."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import fits_db_int, parse_int, reject_unknown_query
from twinstack.compute.manager import quota
from twinstack.compute.schemas import server_groups as schemas
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate


def _schema(req: Req) -> dict[str, Any]:
    if req.at_least(2, 64):
        return schemas.create_v2_64
    return schemas.create_v2_15 if req.at_least(2, 15) else schemas.create


def _members(conn: Any, group_ids: list[str]) -> dict[str, list[str]]:
    """Live members of each group, in one query."""
    out: dict[str, list[str]] = {g: [] for g in group_ids}
    if not group_ids:
        return out
    query = (sa.select(t.server_group_members.c.group_id, t.server_group_members.c.instance_id)
             .select_from(t.server_group_members.join(
                 t.instances, t.instances.c.uuid == t.server_group_members.c.instance_id))
             .where(t.server_group_members.c.group_id.in_(group_ids), t.instances.c.deleted.is_(False))
             .order_by(t.instances.c.id))
    for row in conn.execute(query):
        out[row.group_id].append(row.instance_id)
    return out


def _view(req: Req, row: dict[str, Any], members: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {"id": row["id"], "name": row["name"]}
    if req.at_least(2, 64):
        body["policy"] = row["policy"]
        body["rules"] = dict(row["rules"] or {})
    else:
        body["policies"] = [row["policy"]]
        body["metadata"] = {}
    body["members"] = members
    if req.at_least(2, 13):
        body["project_id"] = row["project_id"]
        body["user_id"] = row["user_id"]
    return body


def _get(conn: Any, group_id: str) -> dict[str, Any]:
    row = conn.execute(sa.select(t.server_groups).where(t.server_groups.c.id == group_id)).first()
    if row is None:
        raise ApiError(404, f"Instance group {group_id} could not be found.", "InstanceGroupNotFound")
    return dict(row._mapping)


async def create(req: Req) -> Any:
    project_id = req.context.project_id or ""
    req.authorize("os_compute_api:os-server-groups:create", {"project_id": project_id})
    body = validate(await req.json(), _schema(req))["server_group"]
    if req.at_least(2, 64):
        policy = body["policy"]
        rules = body.get("rules") or {}
        if policy != "anti-affinity" and rules:
            raise ApiError(400, "Only anti-affinity policy supports rules.")
        rules = {k: int(v) for k, v in rules.items()}
    else:
        policy, rules = body["policies"][0], {}
    row = {"id": uuid_str(), "name": body["name"], "project_id": project_id, "user_id": req.context.user_id,
           "policy": policy, "rules": rules, "created_at": req.cloud.clock.now()}
    with req.cloud.store.begin() as conn:
        try:
            quota.check_quota(conn, project_id, req.context.user_id, {"server_groups": 1})
        except ApiError:
            raise ApiError(403, "Quota exceeded, too many server groups.", "ServerGroupLimitExceeded") from None
        conn.execute(t.server_groups.insert().values(**row))
    return {"server_group": _view(req, row, [])}


async def index(req: Req) -> Any:
    if req.at_least(2, 75):
        reject_unknown_query(req, {"all_projects", "limit", "offset"})
    project_id = req.context.project_id or ""
    req.authorize("os_compute_api:os-server-groups:index", {"project_id": project_id})
    query = sa.select(t.server_groups)
    if "all_projects" in req.query and req.context.is_admin:
        req.authorize("os_compute_api:os-server-groups:index:all_projects", {"project_id": project_id})
    else:
        query = query.where(t.server_groups.c.project_id == project_id)
    # Nova's common.limited: offset, then limit capped at osapi_max_limit
    offset = parse_int(req.query.get("offset"), "offset") or 0
    limit = parse_int(req.query.get("limit"), "limit")
    limit = 1000 if limit is None else min(limit, 1000)
    # Nova slices the list: an offset past any count (past the database's integers too) is an empty page
    query = query.order_by(t.server_groups.c.created_at, t.server_groups.c.id).limit(limit)
    query = query.offset(offset) if fits_db_int(offset) else query.where(sa.false())
    with req.cloud.store.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
        members = _members(conn, [r["id"] for r in rows])
    return {"server_groups": [_view(req, r, members[r["id"]]) for r in rows]}


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _get(conn, req.params["group_id"])
        req.authorize("os_compute_api:os-server-groups:show", {"project_id": row["project_id"]})
        members = _members(conn, [row["id"]])[row["id"]]
    return {"server_group": _view(req, row, members)}


async def delete(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _get(conn, req.params["group_id"])
        req.authorize("os_compute_api:os-server-groups:delete", {"project_id": row["project_id"]})
        conn.execute(t.server_group_members.delete().where(t.server_group_members.c.group_id == row["id"]))
        conn.execute(t.server_groups.delete().where(t.server_groups.c.id == row["id"]))
    return empty(204)
