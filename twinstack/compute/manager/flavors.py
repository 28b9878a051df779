"""Flavors as the domain layer writes them: one insert with Nova's conflict answers, shared by
``POST /flavors`` and the model's ``compute.flavors``."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str


def create_flavor(conn: Connection, name: str, vcpus: int, ram: int, disk: int, now: Any,
                  flavor_id: str | None = None, ephemeral: int = 0, swap: int = 0,
                  rxtx_factor: float = 1.0, is_public: bool = True, description: str | None = None,
                  extra_specs: dict[str, str] | None = None) -> dict[str, Any]:
    """Insert one flavor; 409 with Nova's messages when its name or id is taken."""
    flavor_id = str(flavor_id) if flavor_id not in (None, "") else uuid_str()
    if conn.execute(sa.select(t.flavors.c.id).where(t.flavors.c.name == name)).first():
        raise ApiError(409, f"Flavor with name {name} already exists.", "FlavorExists")
    if conn.execute(sa.select(t.flavors.c.id).where(t.flavors.c.id == flavor_id)).first():
        raise ApiError(409, f"Flavor with ID {flavor_id} already exists.", "FlavorIdExists")
    values = {"id": flavor_id, "name": name, "vcpus": vcpus, "ram": ram, "disk": disk,
              "ephemeral": ephemeral, "swap": swap, "rxtx_factor": rxtx_factor, "is_public": is_public,
              "disabled": False, "description": description, "extra_specs": dict(extra_specs or {}),
              "created_at": now}
    conn.execute(t.flavors.insert().values(**values))
    return values
