"""Segments (segment): each network's L2 segments; the first is made with the network from its provider
attributes, admins may add more (routed networks) and place subnets on them with ``segment_id``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.schemas import segments as segments_schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def first_segment(cloud: Cloud, conn: Connection, network: dict[str, Any]) -> str:
    """The segment a new network gets, as ML2 records it."""
    return base.insert_row(cloud, conn, SEGMENTS, {
        "project_id": network["project_id"], "name": None, "description": "", "network_id": network["id"],
        "network_type": network["network_type"], "physical_network": network["physical_network"],
        "segmentation_id": network["segmentation_id"]})


def check_subnet_segment(conn: Connection, network_id: str, segment_id: str | None) -> None:
    if segment_id is None:
        return
    row = conn.execute(sa.select(t.segments.c.network_id).where(t.segments.c.id == segment_id)).first()
    if row is None:
        raise E.not_found("Segment", segment_id, f"Segment {segment_id} could not be found.")
    if row.network_id != network_id:
        raise E.bad(f"Invalid input for operation: Segment {segment_id} is not on network {network_id}.",
                    "InvalidInput")


class SegmentOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        return sa.false()  # get_segment is admin-only in Neutron's defaults

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        network = conn.execute(sa.select(t.networks.c.project_id)
                               .where(t.networks.c.id == values["network_id"])).first()
        if network is None:
            raise E.not_found("Network", values["network_id"])
        if values["network_type"] in ("flat", "vlan") and not values.get("physical_network"):
            raise E.invalid_input(f"physical_network required for {values['network_type']} provider network")
        c = t.segments.c
        if values.get("segmentation_id") is not None and conn.execute(sa.select(c.id).where(
                c.network_type == values["network_type"], c.segmentation_id == values["segmentation_id"],
                c.physical_network.is_(values.get("physical_network")) if values.get("physical_network") is None
                else c.physical_network == values["physical_network"])).first() is not None:
            raise E.in_use(f"Segmentation id {values['segmentation_id']} is in use.", "SegmentInUse")
        values["project_id"] = network.project_id
        return base.insert_row(cloud, conn, SEGMENTS, values)

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        pass

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        if conn.execute(sa.select(t.subnets.c.id).where(t.subnets.c.segment_id == row["id"]).limit(1)).first():
            raise E.in_use(f"Segment '{row['id']}' cannot be deleted: 1 or more subnets use it.", "SegmentInUse")
        conn.execute(t.segments.delete().where(t.segments.c.id == row["id"]))


SEGMENTS = Resource(
    "segment", "segments", t.segments, segments_schema.ATTRIBUTES,
    SegmentOps(), kind="Segment", named=False,
)
