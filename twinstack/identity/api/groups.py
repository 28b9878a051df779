"""``/v3/groups``: CRUD and membership (``/v3/groups/{g}/users[/{u}]``), as keystone/api/groups.py.
A group's roles reach its members through the effective-role computation; removing a member takes
its roles away on the next request (cached roles are recomputed after every identity write)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity import views
from twinstack.identity.api import common as c
from twinstack.identity.schemas.groups import CREATE, UPDATE

_NOT_EXTRA = {"id", "name", "domain_id", "description", "links"}


def target(row: dict[str, Any]) -> dict[str, Any]:
    return {"group": {"id": row["id"], "domain_id": row["domain_id"]}, "domain_id": row["domain_id"]}


def load_group(req: Req, conn: Any, action: str) -> dict[str, Any]:
    group_id = req.params["group_id"]
    row = m.find(conn, t.groups, id=group_id)
    c.authorize(req, action, target(row) if row else {"group": {"id": group_id}})
    if row is None:
        raise c.not_found("group", group_id)
    return row


async def list_groups(req: Req) -> Any:
    domain_id = c.listing_domain(req)
    c.authorize(req, "identity:list_groups", {"group": {"domain_id": domain_id}, "domain_id": domain_id}
                if domain_id else {})
    query = c.apply_filters(req, c.in_domain(sa.select(t.groups), t.groups, domain_id), t.groups, ("name", "domain_id"))
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.groups.c.name, t.groups.c.id))
    return c.collection(req, "groups", [views.group(req, r) for r in found])


async def create_group(req: Req) -> Any:
    data = await c.body_member(req, "group", CREATE)
    domain_id = data.get("domain_id") or req.context.domain_id or m.DEFAULT_DOMAIN_ID
    c.authorize(req, "identity:create_group", {"group": {"domain_id": domain_id}, "domain_id": domain_id})
    with req.cloud.store.begin() as conn:
        c.get_row(conn, t.domains, domain_id, "domain")
        c.unique_in_domain(conn, t.groups, "group", data["name"], domain_id)
        row = m.create_group(conn, data["name"], domain_id, description=data.get("description") or "",
                             extra=c.extra(data, _NOT_EXTRA))
    c.changed(req)
    return json_response({"group": views.group(req, row)}, 201)


async def get_group(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = load_group(req, conn, "identity:get_group")
    return {"group": views.group(req, row)}


async def update_group(req: Req) -> Any:
    data = await c.body_member(req, "group", UPDATE)
    with req.cloud.store.begin() as conn:
        row = load_group(req, conn, "identity:update_group")
        c.check_domain_update(conn, t.groups, "group", row, data)
        values: dict[str, Any] = {k: data[k] for k in ("name", "description") if k in data}
        if "description" in values and values["description"] is None:
            values["description"] = ""
        values.update(c.merged_extra(row, data, _NOT_EXTRA))
        conn.execute(t.groups.update().where(t.groups.c.id == row["id"]).values(**values))
        row = c.get_row(conn, t.groups, row["id"], "group")
    c.changed(req)
    return {"group": views.group(req, row)}


async def delete_group(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = load_group(req, conn, "identity:delete_group")
        m.delete_groups(conn, [row["id"]])
    c.changed(req)
    return empty(204)


async def list_members(req: Req) -> Any:
    gm = t.group_members.c
    with req.cloud.store.read() as conn:
        row = load_group(req, conn, "identity:list_users_in_group")
        query = sa.select(t.users).join(t.group_members, gm.user_id == t.users.c.id).where(gm.group_id == row["id"])
        query = c.apply_filters(req, query, t.users, ("name", "enabled", "domain_id"))
        found = c.rows(conn, query.order_by(t.users.c.name))
    return c.collection(req, "users", [views.user(req, u) for u in found])


def _not_member(user_id: str, group_id: str) -> ApiError:
    return ApiError(404, f"User '{user_id}' not found in group '{group_id}'", "NotFound")


def _member(req: Req, conn: Any, action: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The group and the user of a membership URL, once the caller may act on both: keystone's target
    holds the group and the user, and a domain's reader or manager must hold both domains."""
    group_id, user_id = req.params["group_id"], req.params["user_id"]
    group, user = m.find(conn, t.groups, id=group_id), m.find(conn, t.users, id=user_id)
    policy_target: dict[str, Any] = target(group) if group else {"group": {"id": group_id}}
    policy_target["user"] = {"id": user_id, "domain_id": user["domain_id"] if user else None}
    c.authorize(req, action, policy_target)
    if group is None:
        raise c.not_found("group", group_id)
    if user is None:
        raise c.not_found("user", user_id)
    return group, user


async def add_member(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        group, user = _member(req, conn, "identity:add_user_to_group")
        m.add_member(conn, group["id"], user["id"])
    c.changed(req)
    return empty(204)


async def check_member(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        group, user = _member(req, conn, "identity:check_user_in_group")
        if m.find(conn, t.group_members, group_id=group["id"], user_id=user["id"]) is None:
            raise _not_member(user["id"], group["id"])
    return empty(204)


async def remove_member(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        group, user = _member(req, conn, "identity:remove_user_from_group")
        gm = t.group_members.c
        gone = conn.execute(t.group_members.delete().where(gm.group_id == group["id"], gm.user_id == user["id"]))
        if gone.rowcount == 0:
            raise _not_member(user["id"], group["id"])
    c.changed(req)
    return empty(204)
