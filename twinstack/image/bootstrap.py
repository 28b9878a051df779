"""Create what the model's image section declares: images with their data, members and tags."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.errors import ModelReferenceError
from twinstack.image import data, manager
from twinstack.image import tables as t
from twinstack.image.metadef_catalog import NAMESPACES
from twinstack.image.model import ImageModel

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def stable_image_id(name: str) -> str:
    """Model images keep their id across restarts and resets (tempest's image_ref stays valid)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"twinstack:image:{name}"))


def project_ids(conn: Connection) -> dict[str, str]:
    from twinstack.identity import local as identity

    return identity.project_ids_by_name(conn)


# The resource types ``glance-manage db_load_metadefs`` registers (DevStack runs it).
RESOURCE_TYPES = ("OS::Glance::Image", "OS::Cinder::Volume", "OS::Nova::Flavor", "OS::Nova::Aggregate",
                  "OS::Nova::Server", "OS::Trove::Instance", "OS::Glance::Metadef")


def load_model(cloud: Cloud, conn: Connection, section: ImageModel | None) -> None:
    if section is None:
        return
    when = cloud.clock.now()
    conn.execute(t.metadef_resource_types.insert(), [
        {"name": name, "protected": True, "created_at": when, "updated_at": when} for name in RESOURCE_TYPES])
    _load_metadefs(conn, when)
    projects = project_ids(conn)
    problems = _check(section, projects)
    if problems:
        raise ModelReferenceError("; ".join(problems))
    now = cloud.clock.now()
    for image in section.images:
        values: dict[str, Any] = {
            "id": image.id or stable_image_id(image.name), "name": image.name, "status": image.status,
            "visibility": image.visibility, "owner": projects[image.owner],
            "disk_format": image.disk_format, "container_format": image.container_format,
            "min_disk": image.min_disk, "min_ram": image.min_ram, "protected": image.protected,
            "os_hidden": image.hidden, "properties": dict(image.properties), "tags": list(image.tags),
            "virtual_size": image.virtual_size, "created_at": now, "updated_at": now,
        }
        written = None
        if image.file is not None:
            path = Path(image.file).expanduser().resolve()
            values["location"] = str(path)
            written = data.hash_file(path)
        elif image.status != "queued":
            values["location"], written = data.generated(cloud, image.name, image.size or 0)
        if written is not None and image.status != "queued":
            values.update(size=written.size, checksum=written.checksum, os_hash_algo="sha512",
                          os_hash_value=written.os_hash_value)
            if values["virtual_size"] is None:
                values["virtual_size"] = data.virtual_size(image.disk_format, written)
        else:
            values["location"] = None
        manager.insert(conn, values)
        for member in image.members:
            conn.execute(t.members.insert().values(image_id=values["id"], member_id=projects[member],
                                                   status="accepted", created_at=now, updated_at=now))


def _load_metadefs(conn: Connection, when: Any) -> None:
    """The namespaces db_load_metadefs leaves (metadef_catalog.py); ids stable across resets. One INSERT per
    table for all of them, each table's rows in the order a namespace at a time would write them."""
    namespaces: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for name, display, description, ns_associations, properties, objects in NAMESPACES:
        ns_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"twinstack:metadef:{name}"))
        namespaces.append({"id": ns_id, "namespace": name, "display_name": display, "description": description,
                           "visibility": "public", "protected": True, "owner": "admin", "created_at": when,
                           "updated_at": when})
        associations += [{"namespace_id": ns_id, "resource_type": rtype, "prefix": prefix, "properties_target": target,
                          "created_at": when, "updated_at": when} for rtype, prefix, target in ns_associations]
        ns_items = [("property", key, body) for key, body in properties.items()]
        ns_items += [("object", obj["name"], {"description": obj["description"], "required": [],
                                              "properties": obj["properties"]}) for obj in objects]
        items += [{"namespace_id": ns_id, "kind": kind, "name": key, "body": body, "created_at": when,
                   "updated_at": when} for kind, key, body in ns_items]
    for table, rows in ((t.metadef_namespaces, namespaces), (t.metadef_associations, associations),
                        (t.metadef_items, items)):
        if rows:
            conn.execute(table.insert(), rows)


def _check(section: ImageModel, projects: dict[str, str]) -> list[str]:
    """Every reference the section makes that does not resolve, each with its place (all at once)."""
    problems = [f"image.project_quotas.{name}: unknown project '{name}'"
                for name in section.project_quotas if name not in projects]
    seen: dict[str, str] = {}
    for i, image in enumerate(section.images):
        where = f"image.images[{i}] ({image.name})"
        image_id = image.id or stable_image_id(image.name)
        if image_id in seen:
            problems.append(f"{where}.id: '{image_id}' is also the id of image '{seen[image_id]}'")
        seen[image_id] = image.name
        if image.owner not in projects:
            problems.append(f"{where}.owner: unknown project '{image.owner}'")
        if image.file is not None and not Path(image.file).expanduser().is_file():
            problems.append(f"{where}.file: no such file '{image.file}'")
        problems += [f"{where}.members[{j}]: unknown project '{m}'"
                     for j, m in enumerate(image.members) if m not in projects]
    return problems
