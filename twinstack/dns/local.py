"""What other services may ask of DNS in process (Neutron's dns-integration will write through here):
the zone a project owns by name, without HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.dns import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def zone_by_name(cloud: Cloud, project_id: str, name: str) -> dict[str, Any] | None:
    with cloud.store.read() as conn:
        row = conn.execute(sa.select(t.zones).where(t.zones.c.name == name.lower(),
                                                    t.zones.c.project_id == project_id)).mappings().first()
    return dict(row) if row is not None else None
