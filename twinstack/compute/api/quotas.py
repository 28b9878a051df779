"""Nova's os-quota-sets (show, detail, defaults, update, delete; per project or per user) and
os-quota-class-sets, with the keys each microversion shows."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import reject_unknown_query, strict_bool, verify_project
from twinstack.compute.manager import quota
from twinstack.compute.schemas import quotas as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate


def _user_param(req: Req) -> str | None:
    values = req.query.getlist("user_id")
    return values[0] if values else None


def _check_query(req: Req, allowed: set[str]) -> None:
    if req.at_least(2, 75):
        reject_unknown_query(req, allowed)


def _format(keys: list[str], values: dict[str, Any], id_: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"id": id_} if id_ is not None else {}
    body.update({k: values[k] for k in keys if k in values})
    return body


# -- quota sets ----------------------------------------------------------------------------------
async def show(req: Req) -> Any:
    project_id = req.params["tenant_id"]
    _check_query(req, {"user_id"})
    req.authorize("os_compute_api:os-quota-sets:show", {"project_id": project_id})
    verify_project(req, project_id)
    with req.cloud.store.read() as conn:
        values = quota.limits_for(conn, project_id, _user_param(req))
    return {"quota_set": _format(quota.visible_keys(req.version), values, project_id)}


async def detail(req: Req) -> Any:
    project_id = req.params["tenant_id"]
    _check_query(req, {"user_id"})
    req.authorize("os_compute_api:os-quota-sets:detail", {"project_id": project_id})
    verify_project(req, project_id)
    user_id = _user_param(req)
    with req.cloud.store.read() as conn:
        limits = quota.limits_for(conn, project_id, user_id)
        usage = quota.count_usage(conn, project_id, user_id, [r for r in quota.COUNTABLE
                                                               if r != "server_group_members"])
    values = {k: {"limit": v, "in_use": usage.get(k, 0), "reserved": 0} for k, v in limits.items()}
    return {"quota_set": _format(quota.visible_keys(req.version), values, project_id)}


async def defaults(req: Req) -> Any:
    project_id = req.params["tenant_id"]
    req.authorize("os_compute_api:os-quota-sets:defaults", {"project_id": project_id})
    verify_project(req, project_id)
    with req.cloud.store.read() as conn:
        values = quota.defaults(conn)
    return {"quota_set": _format(quota.visible_keys(req.version), values, project_id)}


async def update(req: Req) -> Any:
    project_id = req.params["tenant_id"]
    _check_query(req, {"user_id"})
    req.authorize("os_compute_api:os-quota-sets:update", {"project_id": project_id})
    verify_project(req, project_id)
    keys = quota.visible_keys(req.version)
    body = validate(await req.json(), schemas.update(keys, "quota_set", force=True))["quota_set"]
    user_id = _user_param(req) or ""
    force = strict_bool(body.get("force", False), "force")
    with req.cloud.store.begin() as conn:
        settable = _settable(conn, project_id, user_id)
        wanted: dict[str, int] = {}
        for key, value in body.items():
            if key == "force" or (value in (None, "") and value != 0):
                continue
            limit = int(value)
            if not force:
                _check_limit(key, limit, *settable[key])
            wanted[key] = limit
        for key, limit in wanted.items():
            where = (t.quotas.c.project_id == project_id, t.quotas.c.user_id == user_id, t.quotas.c.resource == key)
            if conn.execute(t.quotas.update().where(*where).values(hard_limit=limit)).rowcount == 0:
                conn.execute(t.quotas.insert().values(project_id=project_id, user_id=user_id, resource=key,
                                                      hard_limit=limit))
        values = quota.limits_for(conn, project_id, user_id or None)
    return {"quota_set": _format(keys, values, None)}


def _settable(conn: Any, project_id: str, user_id: str) -> dict[str, tuple[int, int]]:
    """Nova's get_settable_quotas: (minimum, maximum) per resource. A project's limit cannot go
    below its usage nor below what its users' own limits add up to; a user's cannot go below the
    user's usage nor above what the project has left plus the user's current limit."""
    def sub(a: int, b: int) -> int:
        return -1 if -1 in (a, b) else a - b

    def add(a: int, b: int) -> int:
        return -1 if -1 in (a, b) else a + b

    project_limits = quota.limits_for(conn, project_id)
    given = conn.execute(sa.select(t.quotas.c.resource, sa.func.sum(t.quotas.c.hard_limit), sa.func.min(
        t.quotas.c.hard_limit)).where(t.quotas.c.project_id == project_id, t.quotas.c.user_id != "")
        .group_by(t.quotas.c.resource)).all()
    users_sum = {r[0]: (-1 if r[2] == -1 else int(r[1])) for r in given}
    remains = {k: sub(v, users_sum.get(k, 0)) for k, v in project_limits.items()}
    countable = [r for r in quota.COUNTABLE if r != "server_group_members"]
    usage = quota.count_usage(conn, project_id, user_id or None, countable)
    out: dict[str, tuple[int, int]] = {}
    if user_id:
        mine = quota.overrides(conn, project_id, user_id)
        for key in project_limits:
            out[key] = (usage.get(key, 0), add(remains[key], mine.get(key, 0)))
    else:
        for key, limit in project_limits.items():
            out[key] = (max(sub(limit, remains[key]), usage.get(key, 0)), -1)
    return out


def _check_limit(resource: str, limit: int, minimum: int, maximum: int) -> None:
    def inf(v: int) -> float:
        return float("inf") if v == -1 else v

    if inf(limit) < inf(minimum):
        raise ApiError(400, f"Quota limit {limit} for {resource} must be greater than or equal to already "
                            f"used and reserved {minimum}.")
    if inf(limit) > inf(maximum):
        raise ApiError(400, f"Quota limit {limit} for {resource} must be less than or equal to {maximum}.")


async def delete(req: Req) -> Any:
    project_id = req.params["tenant_id"]
    _check_query(req, {"user_id"})
    req.authorize("os_compute_api:os-quota-sets:delete", {"project_id": project_id})
    user_id = _user_param(req)
    with req.cloud.store.begin() as conn:
        query = t.quotas.delete().where(t.quotas.c.project_id == project_id)
        if user_id:
            query = query.where(t.quotas.c.user_id == user_id)
        conn.execute(query)
    return empty(202)


# -- quota classes -------------------------------------------------------------------------------
def _class_keys(req: Req) -> list[str]:
    keys = quota.visible_keys(req.version, network_cut=(2, 50))
    if not req.at_least(2, 50):
        keys = [k for k in keys if k not in ("server_groups", "server_group_members")]
    return keys


def _class_values(conn: Any, name: str) -> dict[str, int]:
    values = dict(quota.DEFAULTS)
    if name == "default":
        values.update(quota.class_limits(conn, "default"))
        return values
    # Nova: a class's unset resources fall back to the defaults (the 'default' class over config)
    values = quota.defaults(conn)
    values.update(quota.class_limits(conn, name))
    return values


async def class_show(req: Req) -> Any:
    req.authorize("os_compute_api:os-quota-class-sets:show")
    name = req.params["class_name"]
    with req.cloud.store.read() as conn:
        values = _class_values(conn, name)
    return {"quota_class_set": _format(_class_keys(req), values, name)}


async def class_update(req: Req) -> Any:
    req.authorize("os_compute_api:os-quota-class-sets:update")
    name = req.params["class_name"]
    if not 1 <= len(name) <= 255:
        raise ApiError(400, "Invalid input received: quota_class_name has a length outside 1-255.")
    keys = _class_keys(req)
    body = validate(await req.json(), schemas.update(keys, "quota_class_set", force=False))["quota_class_set"]
    with req.cloud.store.begin() as conn:
        for key, value in body.items():
            limit = int(value)
            where = (t.quota_classes.c.class_name == name, t.quota_classes.c.resource == key)
            if conn.execute(t.quota_classes.update().where(*where).values(hard_limit=limit)).rowcount == 0:
                conn.execute(t.quota_classes.insert().values(class_name=name, resource=key, hard_limit=limit))
        values = _class_values(conn, name)
    return {"quota_class_set": _format(keys, values, None)}
