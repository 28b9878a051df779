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
