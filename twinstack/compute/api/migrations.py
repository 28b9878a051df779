"""Nova's os-migrations: every resize, cold/live migration and evacuation, with filters; links for
live migrations under way (2.23), uuid and paging newest first (2.59), user and project (2.80)."""

from __future__ import annotations

import zlib
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import iso, limit_and_marker, next_links, reject_unknown_query
from twinstack.compute.manager.search import updated_before, updated_since
from twinstack.compute.views import links
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req

_LIVE_IN_PROGRESS = ("queued", "preparing", "running", "post-migrating")


def _when(value: str, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, f"Invalid input for query parameters {name}. Value: {value}. "
                            f"'{value}' is not a 'date-time'") from None
    return parsed.replace(tzinfo=None) if parsed.tzinfo is None else \
        (parsed - parsed.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]


def _int_or_str(value: Any) -> Any:
    """Nova shows the flavor's internal integer id here. A numeric flavor id stands for itself; any
    other (a uuid flavorid) gets a stable integer derived from it, never the string: clients' schemas
    (tempest's) accept only an integer or null."""
    if not isinstance(value, str) or not value:
        return None
    return int(value) if value.isdigit() else zlib.crc32(value.encode()) & 0x7FFFFFFF


def view(req: Req, row: dict[str, Any], show_hosts: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "created_at": iso(row["created_at"]), "dest_compute": row["dest_compute"], "dest_host": row["dest_host"],
        "dest_node": row["dest_node"], "id": row["id"], "instance_uuid": row["instance_uuid"],
        "new_instance_type_id": _int_or_str(row["new_instance_type_id"]),
        "old_instance_type_id": _int_or_str(row["old_instance_type_id"]),
        "source_compute": row["source_compute"], "source_node": row["source_node"], "status": row["status"],
        "updated_at": iso(row["updated_at"]),
    }
    if not show_hosts:
        body.update(dest_compute=None, dest_host=None, dest_node=None, source_compute=None, source_node=None)
    if req.at_least(2, 23):
        body["migration_type"] = row["migration_type"]
        if row["migration_type"] == "live-migration" and row["status"] in _LIVE_IN_PROGRESS:
            body["links"] = links(req, f"servers/{row['instance_uuid']}/migrations", str(row["id"]))
    if req.at_least(2, 59):
        body["uuid"] = row["uuid"]
    if req.at_least(2, 80):
        body["user_id"] = row["user_id"]
        body["project_id"] = row["project_id"]
    return body


async def index(req: Req) -> Any:
    req.authorize("os_compute_api:os-migrations:index")
    q = req.query
    if req.at_least(2, 59):  # Nova closed this query schema at 2.59
        allowed = {"hidden", "host", "instance_uuid", "source_compute", "status", "migration_type", "limit",
                   "marker", "changes-since"}
        allowed |= {"changes-before"} if req.at_least(2, 66) else set()
        allowed |= {"user_id", "project_id"} if req.at_least(2, 80) else set()
        reject_unknown_query(req, allowed)
    project_id = q.get("project_id") if req.at_least(2, 80) else None
    if not project_id or project_id != req.context.project_id:
        req.authorize("os_compute_api:os-migrations:index:all_projects")
    show_hosts = req.cloud.policy.allowed("os_compute_api:os-migrations:index:host", {}, req.context)
    m = t.migrations
    query = sa.select(m)
    if q.get("host"):
        query = query.where(sa.or_(m.c.source_compute == q["host"], m.c.dest_compute == q["host"]))
    for name in ("status", "instance_uuid", "migration_type", "source_compute"):
        if q.get(name):
            query = query.where(m.c[name] == q[name])
    if req.at_least(2, 80):
        for name in ("user_id", "project_id"):
            if q.get(name):
                query = query.where(m.c[name] == q[name])
    paged = req.at_least(2, 59)
    limit, marker = limit_and_marker(req) if paged else (None, None)
    if paged and q.get("changes-since"):
        query = query.where(updated_since(m.c.updated_at, _when(q["changes-since"], "changes-since")))
    if req.at_least(2, 66) and q.get("changes-before"):
        before = _when(q["changes-before"], "changes-before")
        if q.get("changes-since") and before < _when(q["changes-since"], "changes-since"):
            raise ApiError(400, "The value of changes-since must be less than or equal to changes-before.")
        query = query.where(updated_before(m.c.updated_at, before))
    with req.cloud.store.read() as conn:
        if paged:
            if marker:
                row = conn.execute(sa.select(m.c.id, m.c.created_at).where(m.c.uuid == marker)).first()
                if row is None:
                    raise errors.marker_not_found(marker)
                query = query.where(sa.or_(m.c.created_at < row.created_at,
                                           sa.and_(m.c.created_at == row.created_at, m.c.id < row.id)))
            query = query.order_by(m.c.created_at.desc(), m.c.id.desc())
            if limit is not None:
                query = query.limit(limit + 1)
        else:
            query = query.order_by(m.c.id)
        rows = [dict(r._mapping) for r in conn.execute(query)]
    more = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    body: dict[str, Any] = {"migrations": [view(req, r, show_hosts) for r in rows]}
    if paged and more and rows:
        body["migrations_links"] = next_links(req, "os-migrations", rows[-1]["uuid"], limit)
    return body
