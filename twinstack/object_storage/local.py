"""What other services may ask of object storage in process (Glance's swift store and Cinder's backups
will write through here): whether an account's container holds an object, without HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twinstack.object_storage import manager

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def object_exists(cloud: Cloud, project_id: str, container: str, name: str) -> bool:
    with cloud.store.read() as conn:
        crow = manager.get_container(conn, f"AUTH_{project_id}", container)
        return crow is not None and manager.get_object(conn, crow["id"], name) is not None
