"""Zones and recordsets in the store. Each change puts the zone (and the recordset) in PENDING with the
action it does, bumps the zone's serial (rewriting its SOA), and leaves the settling to lifecycle.later:
ACTIVE/NONE, or gone after a DELETE. A zone is born with Designate's managed SOA and NS recordsets."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.ids import uuid_str
from twinstack.dns import errors
from twinstack.dns import tables as t
from twinstack.dns.manager import lifecycle, quotas

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

POOL_ID = "794ccc2c-d751-44fe-b57f-8894c9f5c842"  # Designate's default pool id (pools.yaml in DevStack)
NS_RECORDS = ["ns1.devstack.org."]  # DevStack's pool nameserver
DEFAULT_TTL = 3600
SOA_RETRY, SOA_EXPIRE, SOA_MINIMUM = 600, 86400, 3600


def now(cloud: Cloud) -> str:
    return cloud.clock.now().strftime("%Y-%m-%dT%H:%M:%S.%f")


def next_serial(cloud: Cloud, old: int = 0) -> int:
    """Designate's serials are Unix timestamps; a change within the same second still moves it on."""
    return max(old + 1, int(cloud.clock.now().timestamp()))


def soa_record(zone: dict[str, Any]) -> str:
    email = (zone["email"] or "hostmaster@example.com").replace("@", ".")
    refresh = random.Random(zone["id"]).randint(3500, 3600)  # Designate picks it at random, in this range
    return f"{NS_RECORDS[0]} {email}. {zone['serial']} {refresh} {SOA_RETRY} {SOA_EXPIRE} {SOA_MINIMUM}"


def _owned(conn: Connection, table: sa.Table, where: list[Any], project_id: str | None) -> dict[str, Any] | None:
    """The one row ``where`` picks, if ``project_id`` (None: any project) owns it."""
    if project_id is not None:
        where = [*where, table.c.project_id == project_id]
    row = conn.execute(sa.select(table).where(*where)).mappings().first()
    return dict(row) if row is not None else None


def get_zone(conn: Connection, zone_id: str, project_id: str | None, shared: bool = False) -> dict[str, Any]:
    """The zone if ``project_id`` owns it (None: any project), or, with ``shared``, has it shared to it."""
    row = _owned(conn, t.zones, [t.zones.c.id == zone_id], project_id)
    if row is None and shared and project_id is not None:
        row = _owned(conn, t.zones, [t.zones.c.id == zone_id, t.zones.c.id.in_(shared_with(project_id))], None)
    if row is None:
        raise errors.zone_not_found()
    return row


def shared_with(project_id: str) -> Any:
    """The ids of the zones shared to ``project_id`` (a subquery)."""
    return sa.select(t.shared_zones.c.zone_id).where(t.shared_zones.c.target_project_id == project_id)


def is_shared(conn: Connection, zone_id: str) -> bool:
    return conn.execute(sa.select(t.shared_zones.c.id).where(t.shared_zones.c.zone_id == zone_id)).first() is not None


def get_recordset(conn: Connection, zone_id: str | None, rrset_id: str, project_id: str | None) -> dict[str, Any]:
    where = [t.recordsets.c.id == rrset_id]
    if zone_id is not None:
        where.append(t.recordsets.c.zone_id == zone_id)
    row = _owned(conn, t.recordsets, where, project_id)
    if row is None:
        raise errors.recordset_not_found()
    return row


def _recordset_row(cloud: Cloud, zone: dict[str, Any], name: str, kind: str, records: list[str],
                   ttl: int | None = None, description: str | None = None, managed: bool = False) -> dict[str, Any]:
    return {"id": uuid_str(), "zone_id": zone["id"], "project_id": zone["project_id"], "name": name, "type": kind,
            "ttl": ttl, "records": records, "description": description, "managed": managed, "status": "PENDING",
            "action": "CREATE", "version": 1, "created_at": now(cloud), "updated_at": None}


def create_zone(cloud: Cloud, conn: Connection, project_id: str, spec: dict[str, Any]) -> dict[str, Any]:
    if conn.execute(sa.select(t.zones.c.id).where(t.zones.c.name == spec["name"])).first() is not None:
        raise errors.duplicate_zone()
    quotas.check_zone(conn, project_id)
    _check_other_projects(conn, project_id, spec["name"])
    kind = spec.get("type") or "PRIMARY"
    zone = {"id": uuid_str(), "project_id": project_id, "name": spec["name"], "email": spec["email"],
            "ttl": DEFAULT_TTL if spec.get("ttl") is None else spec["ttl"],
            "serial": 1 if kind == "SECONDARY" else next_serial(cloud),  # a secondary's serial is its masters'
            "status": "PENDING", "action": "CREATE", "type": kind, "masters": spec.get("masters"),
            "transferred_at": None, "description": spec.get("description"), "version": 1,
            "created_at": now(cloud), "updated_at": None}
    conn.execute(t.zones.insert().values(**zone))
    conn.execute(t.recordsets.insert().values(**_recordset_row(cloud, zone, zone["name"], "SOA", [soa_record(zone)],
                                                               managed=True)))
    if kind == "PRIMARY":  # central's _create_ns: the pool's NS for a PRIMARY zone only
        conn.execute(t.recordsets.insert().values(**_recordset_row(cloud, zone, zone["name"], "NS",
                                                                   list(NS_RECORDS), managed=True)))
    return zone


def _check_other_projects(conn: Connection, project_id: str, name: str) -> None:
    """central's _is_subzone / _is_superzone: no zone inside another project's zone, none above one."""
    others = conn.execute(sa.select(t.zones.c.name).where(t.zones.c.project_id != project_id,
                                                          t.zones.c.action != "DELETE")).scalars().all()
    if any(name.endswith("." + other) for other in others):
        raise errors.forbidden("Unable to create subzone in another tenants zone")
    if any(other.endswith("." + name) for other in others):
        raise errors.forbidden("Unable to create zone because another tenant owns a subzone of the zone")


def touch_zone(cloud: Cloud, conn: Connection, zone: dict[str, Any], values: dict[str, Any] | None = None,
               action: str = "UPDATE") -> dict[str, Any]:
    """Apply ``values``, move to PENDING/``action``, bump the serial and rewrite the SOA."""
    if zone["action"] == "DELETE":
        raise errors.bad_action("Can not update a deleting zone")
    zone = {**zone, **(values or {}), "status": "PENDING", "action": action, "version": zone["version"] + 1,
            "serial": next_serial(cloud, zone["serial"]), "updated_at": now(cloud)}
    conn.execute(t.zones.update().where(t.zones.c.id == zone["id"]).values(
        **{k: v for k, v in zone.items() if k != "id"}))
    if zone["type"] != "SECONDARY":  # central's _update_soa leaves a secondary's SOA to its masters
        conn.execute(t.recordsets.update().where(t.recordsets.c.zone_id == zone["id"], t.recordsets.c.type == "SOA")
                     .values(records=[soa_record(zone)]))
    return zone


def delete_zone(cloud: Cloud, conn: Connection, zone: dict[str, Any], delete_shares: bool = False) -> dict[str, Any]:
    if zone["action"] == "DELETE":
        raise errors.bad_action("Can not delete a deleting zone")
    if not delete_shares and is_shared(conn, zone["id"]):
        raise errors.bad_request("There are shares on this zone: delete them first, or delete with "
                                 "x-designate-delete-shares: true")
    conn.execute(t.shared_zones.delete().where(t.shared_zones.c.zone_id == zone["id"]))
    zone = {**zone, "status": "PENDING", "action": "DELETE", "updated_at": now(cloud)}
    conn.execute(t.zones.update().where(t.zones.c.id == zone["id"]).values(
        status="PENDING", action="DELETE", updated_at=zone["updated_at"]))
    return zone


def settle_zone(cloud: Cloud, conn: Connection, zone_id: str, answered: bool = False) -> None:
    """The worker's answer: a deleted zone goes with its recordsets, else it and its pending recordsets turn
    ACTIVE, and recordsets pending DELETE go. Unless ``answered`` (the model's zones), a zone_stuck_pending
    fault rule may keep the answer from coming: the zone stays PENDING, as behind a dead worker or pool."""
    zone = conn.execute(sa.select(t.zones).where(t.zones.c.id == zone_id)).mappings().first()
    if zone is None or (not answered and stuck_pending(cloud, conn, dict(zone))):
        return
    if zone["action"] == "DELETE":
        conn.execute(t.recordsets.delete().where(t.recordsets.c.zone_id == zone_id))
        conn.execute(t.zones.delete().where(t.zones.c.id == zone_id))
        return
    conn.execute(t.recordsets.delete().where(t.recordsets.c.zone_id == zone_id, t.recordsets.c.action == "DELETE"))
    conn.execute(t.recordsets.update().where(t.recordsets.c.zone_id == zone_id, t.recordsets.c.status == "PENDING")
                 .values(status="ACTIVE", action="NONE"))
    settled: dict[str, Any] = {"status": "ACTIVE", "action": "NONE"}
    if zone["type"] == "SECONDARY" and zone["transferred_at"] is None:  # its transfer is due (secondary.py)
        settled["transferred_at"] = now(cloud)
    conn.execute(t.zones.update().where(t.zones.c.id == zone_id).values(**settled))


def stuck_pending(cloud: Cloud, conn: Connection, zone: dict[str, Any]) -> bool:
    """The zone_stuck_pending outcome (``match.name`` a regex on the zone's name, ``match.project``)."""
    from twinstack.identity import local as identity

    check = getattr(cloud.faults, "check", None)
    if check is None or not cloud.faults.rules:
        return False
    return check("dns.zone", service="dns", name=zone["name"], project_id=zone["project_id"],
                 project_name=identity.project_name(conn, zone["project_id"])) is not None


def settle_later(cloud: Cloud, zone_id: str) -> None:
    lifecycle.later(cloud, settle_zone, zone_id)


def existing_at(conn: Connection, zone_id: str, name: str) -> list[dict[str, Any]]:
    query = sa.select(t.recordsets).where(t.recordsets.c.zone_id == zone_id, t.recordsets.c.name == name,
                                          t.recordsets.c.action != "DELETE")
    return [dict(r) for r in conn.execute(query).mappings()]


def add_recordset(cloud: Cloud, conn: Connection, zone: dict[str, Any], name: str, kind: str,
                  records: list[str], ttl: int | None = None, description: str | None = None) -> dict[str, Any]:
    """Designate's placement rules: no CNAME at the apex, a CNAME alone at its name, one set per name+type."""
    here = existing_at(conn, zone["id"], name)
    if any(r["type"] == kind for r in here):
        raise errors.duplicate_recordset()
    if kind == "CNAME" and name == zone["name"]:
        raise errors.invalid_recordset_location("CNAME recordsets may not be created at the zone apex")
    if here and (kind == "CNAME" or any(r["type"] == "CNAME" for r in here)):
        raise errors.invalid_recordset_location("CNAME recordsets may not share a name with any other records")
    if kind == "NS" and name.startswith("*"):
        raise errors.invalid_object("Provided object does not match schema: wildcard NS records are not allowed")
    if kind in ("SOA",) or (kind == "NS" and name == zone["name"]):
        raise errors.bad_request(f"Creating a {kind} recordset at the zone apex is not allowed")
    quotas.check_recordset(conn, zone["project_id"], zone["id"], len(records), new_set=True)
    row = _recordset_row(cloud, zone, name, kind, records, ttl, description)
    conn.execute(t.recordsets.insert().values(**row))
    touch_zone(cloud, conn, zone)
    return row


def update_recordset(cloud: Cloud, conn: Connection, zone: dict[str, Any], rrset: dict[str, Any],
                     values: dict[str, Any]) -> dict[str, Any]:
    if rrset["action"] == "DELETE":
        raise errors.bad_action("Can not update a deleting recordset")
    if "records" in values:
        quotas.check_recordset(conn, zone["project_id"], zone["id"], len(values["records"]), new_set=False)
    rrset = {**rrset, **values, "status": "PENDING", "action": "UPDATE", "version": rrset["version"] + 1,
             "updated_at": now(cloud)}
    conn.execute(t.recordsets.update().where(t.recordsets.c.id == rrset["id"]).values(
        **{k: v for k, v in rrset.items() if k != "id"}))
    touch_zone(cloud, conn, zone)
    return rrset


def remove_recordset(cloud: Cloud, conn: Connection, zone: dict[str, Any], rrset: dict[str, Any]) -> dict[str, Any]:
    if rrset["action"] == "DELETE":
        raise errors.recordset_not_found()
    rrset = {**rrset, "status": "PENDING", "action": "DELETE", "updated_at": now(cloud)}
    conn.execute(t.recordsets.update().where(t.recordsets.c.id == rrset["id"]).values(
        status="PENDING", action="DELETE", updated_at=rrset["updated_at"]))
    touch_zone(cloud, conn, zone)
    return rrset
