"""Nova's os-server-groups: affinity policies the scheduler honours (compute-core adds members on
boot), ``policies`` before 2.64 and ``policy`` + ``rules`` from it, with the server_groups quota."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import reject_unknown_query
from twinstack.compute.manager import quota
from twinstack.compute.manager.crud import CRUD, NovaOps, NovaResource
from twinstack.compute.schemas import server_groups as schemas
from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req
from twinstack.core.resource import Attr
from twinstack.core.validation import validate

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


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
        return {"server_group": CRUD.render(req.cloud, conn, GROUPS, [row], req.context, None, req.version)[0]}


class _Groups(NovaOps):
    """A group is its project's: lists show the caller's project's, show and delete check the row's."""

    def find(self, req: Req, conn: Connection) -> dict[str, Any]:
        group_id = req.params["group_id"]
        row = conn.execute(sa.select(t.server_groups).where(t.server_groups.c.id == group_id)).first()
        if row is None:
            raise ApiError(404, f"Instance group {group_id} could not be found.", "InstanceGroupNotFound")
        return dict(row._mapping)

    def check_query(self, req: Req, action: str) -> None:
        if action == "list":
            reject_unknown_query(req, {"all_projects", "limit", "offset"})

    def policy_target(self, req: Req, row: dict[str, Any] | None) -> dict[str, Any]:
        return {"project_id": row["project_id"] if row is not None else req.context.project_id or ""}

    def list_query(self, req: Req) -> sa.Select[Any]:
        """The caller's project's groups; every project's for an admin asking all_projects (any value)."""
        project_id = req.context.project_id or ""
        if "all_projects" in req.query and req.context.is_admin:
            req.authorize("os_compute_api:os-server-groups:index:all_projects", {"project_id": project_id})
            return sa.select(t.server_groups)
        return sa.select(t.server_groups).where(t.server_groups.c.project_id == project_id)

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        members = _members(conn, [r["id"] for r in rows])
        for row in rows:
            row.update(members=members[row["id"]], policies=[row["policy"]], metadata={},
                       rules=dict(row["rules"] or {}))

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        conn.execute(t.server_group_members.delete().where(t.server_group_members.c.group_id == row["id"]))
        conn.execute(t.server_groups.delete().where(t.server_groups.c.id == row["id"]))


_V2_64 = (2, 64)
GROUPS = NovaResource(
    "server_group", "server_groups", t.server_groups, [
        Attr("id"), Attr("name"),
        Attr("policy", min_version=_V2_64), Attr("rules", column=None, min_version=_V2_64),
        Attr("policies", column=None, max_version=(2, 63)), Attr("metadata", column=None, max_version=(2, 63)),
        Attr("members", column=None),
        Attr("project_id", min_version=(2, 13)), Attr("user_id", min_version=(2, 13)),
    ], _Groups(), "Instance group", path="os-server-groups",
    default_sort=[("created_at", "asc"), ("id", "asc")], policy="os_compute_api:os-server-groups",
    paging="offset", owned=True)

index = CRUD.list_handler(GROUPS)
show = CRUD.show_handler(GROUPS)
delete = CRUD.delete_handler(GROUPS)
