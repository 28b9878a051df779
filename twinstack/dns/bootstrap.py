"""Create what the model's dns section declares: zones (ACTIVE, with Designate's managed SOA and NS) and
their recordsets, each name and record checked as the API checks it. Nothing else is seeded: DevStack's
Designate starts with one pool and no zones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError, ModelReferenceError
from twinstack.dns import manager
from twinstack.dns.manager import names, records, rules, secondary
from twinstack.dns.model import DnsModel, RecordsetDef

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def project_ids(conn: Connection) -> dict[str, str]:
    from twinstack.identity import local as identity

    return identity.project_ids_by_name(conn)


def recordset_fqdn(rrset: RecordsetDef, zone: str) -> str:
    """The model's shorthands: '@' is the apex, a name without the trailing dot is inside the zone."""
    if rrset.name == "@":
        return zone
    return rrset.name if rrset.name.endswith(".") else f"{rrset.name}.{zone}"


def load(cloud: Cloud, conn: Connection, section: DnsModel | None) -> None:
    if section is None or not section.zones:
        return
    projects = project_ids(conn)
    for i, zdef in enumerate(section.zones):
        where = f"dns.zones[{i}] ({zdef.name})"
        if zdef.project not in projects:
            raise ModelReferenceError(f"{where}.project: unknown project '{zdef.project}'")
        try:
            name = names.zone_name(zdef.name)
            rules.check_zone_name(conn, name, may_use_blacklisted=True)
            spec = {"name": name, "type": zdef.type, "description": zdef.description, "masters": zdef.masters,
                    **{k: v for k, v in (("email", zdef.email), ("ttl", zdef.ttl)) if v is not None}}
            if zdef.type == "PRIMARY":
                spec.setdefault("email", secondary.MANAGED_EMAIL)
            zone = manager.create_zone(cloud, conn, projects[zdef.project], secondary.check_create(spec))
        except ApiError as err:
            raise ModelReferenceError(f"{where}: {err.message}") from None
        for j, rdef in enumerate(zdef.recordsets):
            try:
                kind = rdef.type.upper()
                fqdn = names.recordset_name(recordset_fqdn(rdef, name), name)
                zone = manager.get_zone(conn, zone["id"], None)
                manager.add_recordset(cloud, conn, zone, fqdn, kind, records.check(kind, list(rdef.records)),
                                      rdef.ttl, rdef.description)
            except ApiError as err:
                raise ModelReferenceError(f"{where}.recordsets[{j}] ({rdef.name} {rdef.type}): {err.message}") \
                    from None
        manager.settle_zone(cloud, conn, zone["id"], answered=True)
