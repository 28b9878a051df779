"""Nova's os-simple-tenant-usage: server hours and flavor-weighted usage per project over a period,
from every server (deleted ones too) alive in the window; paged by server from 2.40."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import limit_and_marker, next_links, reject_unknown_query
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req

_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M:%S.%f")


def _parse(value: str | None, now: datetime) -> datetime:
    if not value:
        return now
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise ApiError(400, "Invalid datetime string: Datetime is in invalid format")


def _period(req: Req) -> tuple[datetime, datetime, bool]:
    now = req.cloud.clock.now()
    start, stop = _parse(req.query.get("start"), now), _parse(req.query.get("end"), now)
    # Nova reads the clock once per missing bound, so two missing bounds still make a period
    if not start < stop and not (start == stop == now):
        raise ApiError(400, "Invalid start time. The start time cannot occur after the end time.")
    return start, min(stop, now), req.query.get("detailed", "0") == "1"


def _fmt(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _hours(row: dict[str, Any], start: datetime, stop: datetime) -> float:
    launched, terminated = row["launched_at"], row["terminated_at"]
    if (terminated and terminated < start) or (launched and launched > stop) or not launched:
        return 0
    return ((min(stop, terminated) if terminated else stop) - max(launched, start)).total_seconds() / 3600.0


def _usages(req: Req, start: datetime, stop: datetime, project_id: str | None, detailed: bool,
            paged: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int | None]:
    limit, marker = limit_and_marker(req) if paged else (None, None)
    if limit is None:
        limit = 1000
    query = sa.select(t.instances).where(
        sa.or_(t.instances.c.terminated_at.is_(None), t.instances.c.terminated_at > start),
        t.instances.c.launched_at < stop)
    if project_id is not None:
        query = query.where(t.instances.c.project_id == project_id)
    with req.cloud.store.read() as conn:
        if marker:
            at = conn.execute(sa.select(t.instances.c.project_id, t.instances.c.uuid)
                               .where(t.instances.c.uuid == marker)).first()
            if at is None:
                raise errors.marker_not_found(marker)
            query = query.where(sa.or_(t.instances.c.project_id > at.project_id, sa.and_(
                t.instances.c.project_id == at.project_id, t.instances.c.uuid > at.uuid)))
        query = query.order_by(t.instances.c.project_id, t.instances.c.uuid).limit(limit)
        rows = [dict(r._mapping) for r in conn.execute(query)]
    now = req.cloud.clock.now()
    summaries: dict[str, dict[str, Any]] = {}
    servers = []
    for row in rows:
        flavor = row["flavor"] or {}
        info = {"hours": _hours(row, start, stop), "flavor": flavor.get("name", ""),
                "instance_id": row["uuid"], "name": row["display_name"], "tenant_id": row["project_id"],
                "memory_mb": int(flavor.get("ram", 0)),
                "local_gb": int(flavor.get("disk", 0)) + int(flavor.get("ephemeral", 0)),
                "vcpus": int(flavor.get("vcpus", 0)), "started_at": _fmt(row["launched_at"]),
                "ended_at": _fmt(row["terminated_at"]),
                "state": "terminated" if row["terminated_at"] else row["vm_state"]}
        end = row["terminated_at"] or now
        info["uptime"] = int((end - row["launched_at"]).total_seconds())
        summary = summaries.get(row["project_id"])
        if summary is None:
            summary = {"tenant_id": row["project_id"], "total_local_gb_usage": 0, "total_vcpus_usage": 0,
                       "total_memory_mb_usage": 0, "total_hours": 0, "start": _fmt(start), "stop": _fmt(stop)}
            if detailed:
                summary["server_usages"] = []
            summaries[row["project_id"]] = summary
        summary["total_local_gb_usage"] += info["local_gb"] * info["hours"]
        summary["total_vcpus_usage"] += info["vcpus"] * info["hours"]
        summary["total_memory_mb_usage"] += info["memory_mb"] * info["hours"]
        summary["total_hours"] += info["hours"]
        servers.append(info)
        if detailed:
            summary["server_usages"].append(info)
    return list(summaries.values()), servers, limit


async def index(req: Req) -> Any:
    req.authorize("os_compute_api:os-simple-tenant-usage:list")
    if req.at_least(2, 75):
        reject_unknown_query(req, {"start", "end", "detailed", "limit", "marker"})
    start, stop, detailed = _period(req)
    paged = req.at_least(2, 40)
    usages, servers, limit = _usages(req, start, stop, None, detailed, paged)
    body: dict[str, Any] = {"tenant_usages": usages}
    if paged and servers and len(servers) == limit:
        body["tenant_usages_links"] = next_links(req, "os-simple-tenant-usage", servers[-1]["instance_id"], limit)
    return body


async def show(req: Req) -> Any:
    project_id = req.params["tenant_id"]
    req.authorize("os_compute_api:os-simple-tenant-usage:show", {"project_id": project_id})
    if req.at_least(2, 75):
        reject_unknown_query(req, {"start", "end", "limit", "marker"})
    start, stop, _ = _period(req)
    paged = req.at_least(2, 40)
    usages, servers, limit = _usages(req, start, stop, project_id, True, paged)
    body: dict[str, Any] = {"tenant_usage": usages[0] if usages else {}}
    if paged and servers and len(servers) == limit:
        body["tenant_usage_links"] = next_links(req, f"os-simple-tenant-usage/{project_id}",
                                                servers[-1]["instance_id"], limit)
    return body


# -- os-instance_usage_audit_log -----------------------------------------------------------------
def _last_month(before: datetime) -> tuple[datetime, datetime]:
    """nova.utils.last_completed_audit_period with the default 'month' period."""
    end = before.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    begin = (end.replace(year=end.year - 1, month=12) if end.month == 1 else end.replace(month=end.month - 1))
    return begin, end


def _audit_log(req: Req, before: datetime) -> dict[str, Any]:
    """The audit task never runs here (Nova's instance_usage_audit is off by default), so every
    compute host is listed as not run for the last completed period."""
    begin, end = _last_month(before)
    with req.cloud.store.read() as conn:
        hosts = sorted(set(conn.execute(sa.select(t.services.c.host).where(t.services.c.topic == "compute")).scalars()))
    status = "ALL" if not hosts else f"0 of {len(hosts)}"
    return {"period_beginning": str(begin), "period_ending": str(end), "num_hosts": len(hosts),
            "num_hosts_done": 0, "num_hosts_running": 0, "num_hosts_not_run": len(hosts), "hosts_not_run": hosts,
            "total_instances": 0, "total_errors": 0, "overall_status": f"{status} hosts done. 0 errors.", "log": {}}


async def audit_index(req: Req) -> Any:
    req.authorize("os_compute_api:os-instance-usage-audit-log:list")
    return {"instance_usage_audit_logs": _audit_log(req, req.cloud.clock.now())}


async def audit_show(req: Req) -> Any:
    req.authorize("os_compute_api:os-instance-usage-audit-log:show")
    raw = req.params["before"]
    try:
        before = datetime.strptime(raw, "%Y-%m-%d %H:%M:%S.%f" if "." in raw else "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise ApiError(400, f"Invalid timestamp for date {raw}") from None
    return {"instance_usage_audit_log": _audit_log(req, before)}
