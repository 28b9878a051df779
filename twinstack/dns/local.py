"""What other services may ask of DNS in process, never over HTTP: Neutron's dns-integration (its Designate
driver) writes a port's A/AAAA recordset in the zone its network's ``dns_domain`` names, and removes it with
the port. Both run on the caller's connection, inside its transaction (one store)."""

from __future__ import annotations

import ipaddress
import logging
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.dns import manager
from twinstack.dns import tables as t
from twinstack.dns.manager import lifecycle

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

log = logging.getLogger("twinstack.dns")


def zone_by_name(cloud: Cloud, project_id: str, name: str) -> dict[str, Any] | None:
    with cloud.store.read() as conn:
        return _zone(conn, project_id, name)


def _zone(conn: Connection, project_id: str, name: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.zones).where(t.zones.c.name == name.lower(), t.zones.c.project_id == project_id,
                                                t.zones.c.action != "DELETE")).mappings().first()
    return dict(row) if row is not None else None


def _settle(cloud: Cloud, conn: Connection, zone_id: str) -> None:
    """In real time at once, in this transaction; in manual mode on the next advance (after it commits)."""
    if cloud.clock.manual:
        lifecycle.later(cloud, manager.settle_zone, zone_id)
    else:
        manager.settle_zone(cloud, conn, zone_id)


def add_host_records(cloud: Cloud, conn: Connection, project_id: str, dns_name: str, dns_domain: str,
                     ips: list[str]) -> None:
    """``<dns_name>.<dns_domain>`` A (and AAAA) for ``ips``, if the project owns that zone. Neutron's driver
    logs and goes on when the zone is missing or the name taken; so does this."""
    zone = _zone(conn, project_id, dns_domain)
    if zone is None or not dns_name:
        return
    name = f"{dns_name.rstrip('.')}.{zone['name']}".lower()
    by_kind = {"A": [ip for ip in ips if ipaddress.ip_address(ip).version == 4],
               "AAAA": [ip for ip in ips if ipaddress.ip_address(ip).version == 6]}
    try:
        for kind, values in by_kind.items():
            if values:
                manager.add_recordset(cloud, conn, manager.get_zone(conn, zone["id"], None), name, kind, values)
    except ApiError as err:
        log.warning("dns-integration: no %s recordset for %s: %s", kind, name, err.message)
        return
    _settle(cloud, conn, zone["id"])


def remove_host_records(cloud: Cloud, conn: Connection, project_id: str, dns_name: str, dns_domain: str) -> None:
    zone = _zone(conn, project_id, dns_domain)
    if zone is None or not dns_name:
        return
    name = f"{dns_name.rstrip('.')}.{zone['name']}".lower()
    rows = conn.execute(sa.select(t.recordsets).where(t.recordsets.c.zone_id == zone["id"], t.recordsets.c.name == name,
                                                      t.recordsets.c.type.in_(("A", "AAAA")),
                                                      t.recordsets.c.action != "DELETE")).mappings().all()
    for row in rows:
        manager.remove_recordset(cloud, conn, manager.get_zone(conn, zone["id"], None), dict(row))
    if rows:
        _settle(cloud, conn, zone["id"])
