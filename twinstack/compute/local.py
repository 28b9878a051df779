"""Compute's in-process interface for the other services (docs/internal-interfaces.md): Neutron's
agents and Cinder's zones ask which hosts exist, port and volume checks ask whether a server does."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def instance_exists(cloud: Cloud, conn: Connection, instance_uuid: str) -> bool:
    return conn.execute(sa.select(t.instances.c.id).where(
        t.instances.c.uuid == instance_uuid, t.instances.c.deleted.is_(False))).first() is not None


def host_names(cloud: Cloud, conn: Connection) -> list[str]:
    return [h for (h,) in conn.execute(sa.select(t.nodes.c.host).order_by(t.nodes.c.host))]


# -- for `twinstack role compute` (twinstack/cluster): the agent is compute's own process -------------
def parse_hosts(spec: str) -> list[str]:
    """``compute-[1-2500],gpu-1`` as host names."""
    from twinstack.compute import cluster

    return cluster.parse_hosts(spec)


async def run_compute_agent(transport_url: str, hosts: list[str], name: str, report_interval: float,
                            prefix: str) -> None:
    """A compute agent until SIGTERM/SIGINT: its hosts' managers on the bus, no store."""
    from twinstack.compute import cluster

    await cluster.Agent(transport_url, hosts, name, report_interval, prefix=prefix).run()
