"""What other services may ask of load balancing in process, never over HTTP (Heat's OS::Octavia::*
resources read a load balancer's state and VIP through here)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.load_balancer import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def load_balancer(cloud: Cloud, lb_id: str) -> dict[str, Any] | None:
    """``{"id", "project_id", "name", "provisioning_status", "operating_status", "vip_address", "vip_port_id",
    "vip_subnet_id", "vip_network_id"}`` of a load balancer, None when there is none."""
    c = t.load_balancers.c
    with cloud.store.read() as conn:
        row = conn.execute(sa.select(c.id, c.project_id, c.name, c.provisioning_status, c.operating_status,
                                     c.vip_address, c.vip_port_id, c.vip_subnet_id, c.vip_network_id)
                           .where(c.id == lb_id)).first()
    return dict(row._mapping) if row is not None else None


def amphora_servers(cloud: Cloud, lb_id: str) -> list[str]:
    """The Nova server ids a load balancer's amphorae run on."""
    with cloud.store.read() as conn:
        return [r[0] for r in conn.execute(sa.select(t.amphorae.c.compute_id).where(
            t.amphorae.c.load_balancer_id == lb_id, t.amphorae.c.compute_id.is_not(None)))]
