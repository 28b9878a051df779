"""Zone exports and imports as Designate's worker runs them: a task row PENDING, then COMPLETE (an export's
``location`` is ``designate://`` its text URL; an import's ``zone_id`` the zone it made) or ERROR with a
message. An import creates the zone from the file's SOA (owner, email from the rname, the $TTL), adds
every recordset but the SOA and the apex NS (the pool's take their place), and settles it at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.dns import manager
from twinstack.dns import tables as t
from twinstack.dns.manager import names, records, rules, zonefile

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def _finish(cloud: Cloud, conn: Connection, task_id: str, **values: Any) -> None:
    conn.execute(t.zone_tasks.update().where(t.zone_tasks.c.id == task_id).values(
        updated_at=manager.now(cloud), **values))


def run_export(cloud: Cloud, conn: Connection, task_id: str) -> None:
    _finish(cloud, conn, task_id, status="COMPLETE", location=f"designate://v2/zones/tasks/exports/{task_id}/export")


def export_text(conn: Connection, zone_id: str) -> str:
    zone = manager.get_zone(conn, zone_id, None)
    rrsets = [dict(r) for r in conn.execute(sa.select(t.recordsets).where(
        t.recordsets.c.zone_id == zone_id, t.recordsets.c.action != "DELETE")).mappings()]
    return zonefile.render(zone, rrsets)


def _email(rname: str) -> str:
    """The SOA's rname back as an address: its first unescaped dot is the @."""
    local, _, domain = rname.rstrip(".").partition(".")
    return f"{local}@{domain}"


def run_import(cloud: Cloud, conn: Connection, task_id: str) -> None:
    task = conn.execute(sa.select(t.zone_tasks).where(t.zone_tasks.c.id == task_id)).mappings().first()
    if task is None or task["status"] != "PENDING":
        return
    try:
        with conn.begin_nested():
            zone_id, name = _import(cloud, conn, task["project_id"], task["source"] or "")
    except (zonefile.ZoneFileError, ApiError) as err:
        message = str(err) if isinstance(err, zonefile.ZoneFileError) else err.message
        if isinstance(err, ApiError) and err.kind == "duplicate_zone":
            message = "Duplicate zone."
        _finish(cloud, conn, task_id, status="ERROR", message=message[:160])
        return
    _finish(cloud, conn, task_id, status="COMPLETE", zone_id=zone_id, message=f"{name} imported")


def _import(cloud: Cloud, conn: Connection, project_id: str, text: str) -> tuple[str, str]:
    parsed = zonefile.parse(text)
    soa = next(((n, ttl, rdata) for n, kind, ttl, rdata in parsed.records if kind == "SOA"), None)
    if soa is None:
        raise zonefile.ZoneFileError("An SOA record is required.")
    name = names.zone_name(soa[0])
    fields = soa[2].split()
    if len(fields) != 7:
        raise zonefile.ZoneFileError("Malformed SOA record")
    rules.check_zone_name(conn, name, may_use_blacklisted=False)
    zone = manager.create_zone(cloud, conn, project_id, {
        "name": name, "email": _email(fields[1]), "ttl": parsed.default_ttl or soa[1] or manager.DEFAULT_TTL})
    for (rr_name, kind), (ttl, values) in parsed.sets().items():
        if kind == "SOA" or (kind == "NS" and rr_name == name):
            continue
        rr_name = names.recordset_name(rr_name, name)
        zone = manager.get_zone(conn, zone["id"], None)
        manager.add_recordset(cloud, conn, zone, rr_name, kind, records.check(kind, values), ttl)
    manager.settle_zone(cloud, conn, zone["id"])
    return zone["id"], name
