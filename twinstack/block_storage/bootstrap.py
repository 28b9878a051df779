"""Loading the block_storage section of the model: the cinder services, one backend (pool) per
model backend, volume types with their access lists, and project quota overrides."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from twinstack.block_storage import tables as t
from twinstack.block_storage.manager import quotas
from twinstack.block_storage.model import BlockStorageModel
from twinstack.core.errors import ModelReferenceError
from twinstack.core.ids import uuid_str

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def load_model(cloud: Cloud, conn: Connection, section: BlockStorageModel | None,
               projects: dict[str, str]) -> None:
    """Services, backends, volume types and project quotas the model declares; ``projects`` maps
    project names to ids (Identity has loaded its section first)."""
    section = section or BlockStorageModel()
    stamp = cloud.clock.now()
    conn.execute(t.services.insert().values(binary="cinder-scheduler", host="twinstack", availability_zone="nova",
                                            disabled=False, created_at=stamp, updated_at=stamp))
    hosts: set[str] = set()
    seen: set[str] = set()
    for i, backend in enumerate(section.backends):
        if backend.name in seen:
            raise ModelReferenceError(f"block_storage.backends[{i}].name: duplicate backend '{backend.name}'")
        seen.add(backend.name)
        host = f"{backend.host}@{backend.name}"
        conn.execute(t.backends.insert().values(
            name=backend.name, host=host, volume_backend_name=backend.volume_backend_name or backend.name,
            availability_zone=backend.availability_zone, capacity_gb=backend.capacity_gb, allocated_gb=0,
            reserved_percentage=backend.reserved_percentage, driver=backend.driver,
            storage_protocol=backend.storage_protocol))
        if host not in hosts:
            hosts.add(host)
            conn.execute(t.services.insert().values(
                binary="cinder-volume", host=host, availability_zone=backend.availability_zone,
                disabled=not backend.enabled, created_at=stamp, updated_at=stamp))
    if section.backends:
        conn.execute(t.services.insert().values(binary="cinder-backup", host="twinstack",
                                                availability_zone=section.backends[0].availability_zone,
                                                disabled=False, created_at=stamp, updated_at=stamp))
    names = [vt.name for vt in section.volume_types]
    for i, vt in enumerate(section.volume_types):
        if vt.name in names[:i]:
            raise ModelReferenceError(f"block_storage.volume_types[{i}].name: duplicate type '{vt.name}'")
        type_id = vt.id or uuid_str()
        conn.execute(t.types.insert().values(id=type_id, name=vt.name, description=vt.description,
                                             is_public=vt.is_public, extra_specs=dict(vt.extra_specs),
                                             created_at=stamp))
        for j, name in enumerate(vt.projects):
            if name not in projects:
                raise ModelReferenceError(f"block_storage.volume_types[{i}].projects[{j}]: unknown project "
                                          f"'{name}'")
            conn.execute(t.type_access.insert().values(type_id=type_id, project_id=projects[name]))
    if section.default_volume_type not in names + ["__DEFAULT__"]:
        raise ModelReferenceError(f"block_storage.default_volume_type: unknown volume type "
                                  f"'{section.default_volume_type}'")
    if not any(vt.name == "__DEFAULT__" for vt in section.volume_types):
        conn.execute(t.types.insert().values(id=uuid_str(), name="__DEFAULT__", description="Default Volume Type",
                                             is_public=True, extra_specs={}, created_at=stamp))
    for name, overrides in section.project_quotas.items():
        if name not in projects:
            raise ModelReferenceError(f"block_storage.project_quotas.{name}: unknown project '{name}'")
        quotas.set_limits(conn, projects[name], overrides)
