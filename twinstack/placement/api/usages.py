"""Usages: per provider (from the maintained ``used`` column) and per project/user (1.9+, grouped by
consumer type from 1.38)."""

from __future__ import annotations

from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.placement import views
from twinstack.placement.manager import allocs, base, db


async def for_provider(req: Req) -> Any:
    req.authorize("placement:resource_providers:usages")
    with req.cloud.store.read() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        usages = allocs.provider_usages(conn, rp["id"])
    return views.respond(req, {"resource_provider_generation": rp["generation"], "usages": usages},
                          modified=rp["updated_at"])


async def for_project(req: Req) -> Any:
    base.since(req, 1, 9)
    allowed = {"project_id", "user_id"} | ({"consumer_type"} if req.at_least(1, 38) else set())
    base.check_query(req.query, allowed)
    project_id = req.query.get("project_id")
    if not project_id:
        raise ApiError(400, "Invalid query string parameters: 'project_id' is a required property")
    req.authorize("placement:usages", {"project_id": project_id})
    user_id = req.query.get("user_id")
    with req.cloud.store.read() as conn:
        rows = allocs.project_usages(conn, project_id, user_id)
        counts = allocs.project_consumer_counts(conn, project_id, user_id) if req.at_least(1, 38) else {}
    if not req.at_least(1, 38):
        usages: dict[str, int] = {}
        for r in rows:
            usages[r["resource_class"]] = usages.get(r["resource_class"], 0) + int(r["used"])
        return views.respond(req, {"usages": usages})
    wanted = req.query.get("consumer_type")
    grouped: dict[str, dict[str, int]] = {}
    for r in rows:
        ctype = r["consumer_type"] or "unknown"
        key = "all" if wanted == "all" else ctype
        if wanted not in (None, "all") and ctype != wanted:
            continue
        grouped.setdefault(key, {})[r["resource_class"]] = grouped.get(key, {}).get(r["resource_class"], 0) + int(
            r["used"]
        )
    for ctype, n in counts.items():
        ctype = ctype or "unknown"
        key = "all" if wanted == "all" else ctype
        if key in grouped:
            grouped[key]["consumer_count"] = grouped[key].get("consumer_count", 0) + n
    return views.respond(req, {"usages": grouped})
