"""Trunks (trunk, trunk-details): a parent port carrying sub-ports, each on a VLAN segmentation id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base, ports
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.schemas import trunks as trunks_schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


SEGMENTATION_TYPES = ("vlan", "inherit")


def subports_for(conn: Connection, trunk_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in trunk_ids}
    if not trunk_ids:
        return out
    c = t.subports.c
    for r in conn.execute(sa.select(c.trunk_id, c.port_id, c.segmentation_type, c.segmentation_id)
                          .where(c.trunk_id.in_(trunk_ids)).order_by(c.segmentation_id)):
        out[r.trunk_id].append({"port_id": r.port_id, "segmentation_type": r.segmentation_type,
                                "segmentation_id": r.segmentation_id})
    return out


def trunk_details(conn: Connection, port_ids: list[str]) -> dict[str, dict[str, Any]]:
    """trunk-details for parent ports: {port_id: {"trunk_id", "sub_ports": [... + mac_address]}}."""
    if not port_ids:
        return {}
    trunks = {r.port_id: r.id for r in conn.execute(sa.select(t.trunks.c.id, t.trunks.c.port_id)
                                                     .where(t.trunks.c.port_id.in_(port_ids)))}
    subs = subports_for(conn, list(trunks.values()))
    sub_ids = [s["port_id"] for items in subs.values() for s in items]
    macs = dict(conn.execute(sa.select(t.ports.c.id, t.ports.c.mac_address).where(t.ports.c.id.in_(sub_ids)))
                .tuples().all()) if sub_ids else {}
    return {port: {"trunk_id": trunk, "sub_ports": [{**s, "mac_address": macs.get(s["port_id"])}
                                                     for s in subs[trunk]]}
            for port, trunk in trunks.items()}


def attach_subports(conn: Connection, trunk: dict[str, Any], items: Any, caller: Context | None) -> list[dict]:
    """Check and add sub-ports (a body's ``sub_ports``) to a trunk."""
    if not isinstance(items, list):
        raise E.bad(f"Invalid input for sub_ports. Reason: '{items}' is not a list.", "HTTPBadRequest")
    out = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("port_id"), str):
            raise E.bad(f"Invalid input for sub_ports. Reason: Invalid subport details '{item}'.", "HTTPBadRequest")
        kind = item.get("segmentation_type", "vlan")
        seg = item.get("segmentation_id")
        if kind not in SEGMENTATION_TYPES or (kind == "vlan" and (not isinstance(seg, int) or isinstance(seg, bool)
                                                                  or not 1 <= seg <= 4094)):
            raise E.bad(f"Invalid input for sub_ports. Reason: Invalid segmentation for subport '{item}'.",
                        "HTTPBadRequest")
        port = base.get_visible(conn, ports.PORTS, item["port_id"], caller)
        if port["id"] == trunk["port_id"]:
            raise E.in_use(f"Port {port['id']} is the parent port of trunk {trunk['id']}.", "ParentPortInUse")
        if conn.execute(sa.select(t.subports.c.trunk_id).where(t.subports.c.port_id == port["id"])).first() or \
                conn.execute(sa.select(t.trunks.c.id).where(t.trunks.c.port_id == port["id"])).first():
            raise E.in_use(f"Port {port['id']} is currently in use and is not eligible for use as a subport.",
                           "PortInUseAsSubPort")
        out.append({"port_id": port["id"], "trunk_id": trunk["id"], "segmentation_type": kind,
                    "segmentation_id": seg if kind == "vlan" else 0})
    for sub in out:
        try:
            with conn.begin_nested():
                conn.execute(t.subports.insert().values(**sub))
        except sa.exc.IntegrityError:
            raise E.in_use(f"segmentation_id {sub['segmentation_id']} is already in use on trunk {trunk['id']}, or "
                           "a sub-port is listed twice.", "DuplicateSubPort") from None
    return out


class TrunkOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        return t.trunks.c.project_id == (caller.project_id if caller else None)

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        subs = subports_for(conn, [r["id"] for r in rows])
        bound = dict(conn.execute(sa.select(t.ports.c.id, t.ports.c.binding_host_id).where(
            t.ports.c.id.in_([r["port_id"] for r in rows]))).tuples().all())
        for r in rows:
            r["sub_ports"] = subs[r["id"]]
            r["status"] = "ACTIVE" if bound.get(r["port_id"]) and r["admin_state_up"] else "DOWN"

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        port = base.get_visible(conn, ports.PORTS, values["port_id"], caller)
        if conn.execute(sa.select(t.trunks.c.id).where(t.trunks.c.port_id == port["id"])).first() or \
                conn.execute(sa.select(t.subports.c.trunk_id).where(t.subports.c.port_id == port["id"])).first():
            raise E.in_use(f"Port {port['id']} is currently in use and is not eligible for use as a parent port.",
                           "TrunkPortInUse")
        items = values.pop("sub_ports", None) or []
        trunk_id = base.insert_row(cloud, conn, TRUNKS, values)
        attach_subports(conn, {"id": trunk_id, "port_id": port["id"]}, items, caller)
        return trunk_id

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        pass

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        host = conn.execute(sa.select(t.ports.c.binding_host_id).where(t.ports.c.id == row["port_id"])).scalar()
        if host:
            raise E.in_use(f"Trunk {row['id']} is currently in use.", "TrunkInUse")
        conn.execute(t.subports.delete().where(t.subports.c.trunk_id == row["id"]))
        conn.execute(t.trunks.delete().where(t.trunks.c.id == row["id"]))


TRUNKS = Resource(
    "trunk", "trunks", t.trunks, trunks_schema.ATTRIBUTES,
    TrunkOps(), kind="Trunk", quota=None,
)


def detach_subports(conn: Connection, trunk: dict[str, Any], items: Any) -> None:
    """Remove sub-ports (a body's ``sub_ports``, by port_id) from a trunk; 404 for one it does not have."""
    items = items if isinstance(items, list) else None
    if items is None or not all(isinstance(i, dict) and isinstance(i.get("port_id"), str) for i in items):
        raise E.bad("Invalid input for sub_ports.", "HTTPBadRequest")
    for item in items:
        gone = conn.execute(t.subports.delete().where(t.subports.c.trunk_id == trunk["id"],
                                                      t.subports.c.port_id == item["port_id"]))
        if not gone.rowcount:
            raise E.not_found("SubPort", item["port_id"], f"SubPort {item['port_id']} could not be found.")


def touch(cloud: Cloud, conn: Connection, trunk: dict[str, Any]) -> None:
    """A sub-port change is a change of the trunk: new revision."""
    base.bump(cloud, conn, t.trunks, trunk["id"])
