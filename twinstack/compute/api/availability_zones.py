"""Nova's os-availability-zone: zones of enabled compute services (available) and of disabled ones
(not available); the admin detail view adds each zone's hosts and services, and the internal zone."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import iso
from twinstack.compute.api.services import INTERNAL_AZ, down_time, heartbeat, is_up, service_zone, zones_by_host
from twinstack.core.pipeline import Req


def _zones(services: list[dict[str, Any]], zones: dict[str, str]) -> tuple[list[str], list[str]]:
    """(available, not available) as Nova's get_availability_zones sorts them out."""
    available: set[str] = set()
    every: set[str] = set()
    for row in services:
        zone = service_zone(row, zones)
        if row["binary"] != "nova-compute":
            if not row["disabled"]:
                available.add(zone)
            continue
        every.add(zone)
        if not row["disabled"]:
            available.add(zone)
    return sorted(available), sorted(every - available)


def _services(req: Req) -> tuple[list[dict[str, Any]], dict[str, str]]:
    with req.cloud.store.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(t.services).order_by(t.services.c.id))]
        return rows, zones_by_host(conn)


async def index(req: Req) -> Any:
    req.authorize("os_compute_api:os-availability-zone:list")
    rows, zones = _services(req)
    available, unavailable = _zones(rows, zones)
    info = [{"zoneName": z, "zoneState": {"available": True}, "hosts": None} for z in available if z != INTERNAL_AZ]
    info += [{"zoneName": z, "zoneState": {"available": False}, "hosts": None} for z in unavailable]
    return {"availabilityZoneInfo": info}


async def detail(req: Req) -> Any:
    req.authorize("os_compute_api:os-availability-zone:detail")
    rows, zones = _services(req)
    available, unavailable = _zones(rows, zones)
    now, down_after = req.cloud.clock.now(), down_time(req.cloud)
    hosts: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        if row["disabled"]:
            continue
        zone_hosts = hosts.setdefault(service_zone(row, zones), {})
        zone_hosts.setdefault(row["host"], {})[row["binary"]] = {
            "available": is_up(row, now, down_after), "active": not row["disabled"], "updated_at": iso(heartbeat(row))}
    info: list[dict[str, Any]] = [
        {"zoneName": z, "zoneState": {"available": True}, "hosts": hosts.get(z, {})} for z in available
    ]
    info += [{"zoneName": z, "zoneState": {"available": False}, "hosts": None} for z in unavailable]
    return {"availabilityZoneInfo": info}
