"""Software configs (``/software_configs`` and the OS::Heat::SoftwareConfig/CloudConfig resources): an
immutable script or cloud-config with its inputs and outputs, readable by the project that made it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.core.ids import uuid_str
from twinstack.orchestration import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def create(cloud: Cloud, project_id: str, name: str | None, group: str, config: str | None,
           inputs: list[Any] | None = None, outputs: list[Any] | None = None,
           options: dict[str, Any] | None = None) -> dict[str, Any]:
    row = {"id": uuid_str(), "project_id": project_id, "name": name, "group": group or "Heat::Ungrouped",
           "config": config, "inputs": inputs or [], "outputs": outputs or [], "options": options or {},
           "created_at": cloud.clock.now()}
    with cloud.store.begin() as conn:
        conn.execute(t.software_configs.insert().values(**row))
    return row


def get(cloud: Cloud, config_id: str, project_id: str | None = None) -> dict[str, Any] | None:
    query = sa.select(t.software_configs).where(t.software_configs.c.id == config_id)
    if project_id is not None:
        query = query.where(t.software_configs.c.project_id == project_id)
    with cloud.store.read() as conn:
        row = conn.execute(query).first()
    return dict(row._mapping) if row is not None else None


def delete(cloud: Cloud, config_id: str) -> None:
    with cloud.store.begin() as conn:
        conn.execute(t.software_configs.delete().where(t.software_configs.c.id == config_id))


def listing(cloud: Cloud, project_id: str | None) -> list[dict[str, Any]]:
    query = sa.select(t.software_configs).order_by(t.software_configs.c.created_at)
    if project_id is not None:
        query = query.where(t.software_configs.c.project_id == project_id)
    with cloud.store.read() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]
