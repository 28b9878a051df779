"""Cinder's scheduler, small: filter backends (enabled service, AZ, ``volume_backend_name``, free
space), weigh by free space (CapacityWeigher), then claim with one conditional UPDATE so concurrent
requests for the last GB can never both succeed."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.block_storage import tables as t


def _usable(size: int) -> Any:
    b = t.backends.c
    # reserved_percentage of the capacity is kept back, as Cinder's CapacityFilter does
    return b.allocated_gb + size <= b.capacity_gb - (b.capacity_gb * b.reserved_percentage) / 100


# extra specs the CapabilitiesFilter compares with what a backend reports
_CAPABILITIES = {"storage_protocol": "storage_protocol", "vendor_name": "vendor_name"}
VENDOR = "Open Source"


def _spec_value(value: str) -> str:
    text = str(value).strip()
    for op in ("<in>", "<is>", "<or>", "=="):
        if text.lower().startswith(op):
            return text[len(op):].strip()
    return text


def capabilities_pass(row: dict[str, Any], specs: dict[str, Any] | None) -> bool:
    """Cinder's CapabilitiesFilter for the capabilities a fake LVM backend reports."""
    for key, value in (specs or {}).items():
        name = key.split(":", 1)[1] if key.startswith("capabilities:") else key
        if name not in _CAPABILITIES:
            continue
        reported = VENDOR if name == "vendor_name" else row[_CAPABILITIES[name]]
        if _spec_value(value).lower() != str(reported).lower():
            return False
    return True


def claim(conn: Connection, size: int, availability_zone: str | None = None,
          backend_name: str | None = None, exclude: str | None = None,
          specs: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Pick a backend with room for ``size`` GB and take the space; None when nothing fits."""
    b = t.backends.c
    enabled_hosts = sa.select(t.services.c.host).where(t.services.c.binary == "cinder-volume",
                                                       t.services.c.disabled.is_(False))
    query = sa.select(t.backends).where(b.host.in_(enabled_hosts), _usable(size))
    if availability_zone:
        query = query.where(b.availability_zone == availability_zone)
    if backend_name:
        query = query.where(b.volume_backend_name == backend_name)
    if exclude:
        query = query.where(b.name != exclude)
    query = query.order_by((b.capacity_gb - b.allocated_gb).desc(), b.name).limit(20)
    for row in conn.execute(query).mappings().all():
        if not capabilities_pass(dict(row), specs):
            continue
        result = conn.execute(t.backends.update().where(b.name == row["name"], _usable(size))
                              .values(allocated_gb=b.allocated_gb + size))
        if result.rowcount == 1:
            return dict(row)
    return None


def grow(conn: Connection, backend: str, delta: int) -> bool:
    """Take ``delta`` more GB on the volume's own backend (extend); False when it has no room."""
    b = t.backends.c
    result = conn.execute(t.backends.update().where(b.name == backend, _usable(delta))
                          .values(allocated_gb=b.allocated_gb + delta))
    return result.rowcount == 1


def release(conn: Connection, backend: str | None, size: int) -> None:
    if not backend or size <= 0:
        return
    b = t.backends.c
    conn.execute(t.backends.update().where(b.name == backend)
                 .values(allocated_gb=sa.case((b.allocated_gb >= size, b.allocated_gb - size), else_=0)))


def availability_zones(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute(sa.select(t.backends.c.availability_zone).distinct()
                                       .order_by(t.backends.c.availability_zone))]
