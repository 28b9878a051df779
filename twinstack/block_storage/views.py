"""Cinder response bodies, per microversion (cinder/api/v3/views/*): volumes, snapshots, backups,
types, attachments, transfers. Timestamps as Cinder prints them (isoformat, microseconds, no Z)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from twinstack.core.pipeline import Req


def ts(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f") if value else None


def api_root(req: Req) -> str:
    project = req.params.get("project_id")
    return f"{req.base_url()}/v3/{project}" if project else f"{req.base_url()}/v3"


def links(req: Req, collection: str, id_: str) -> list[dict[str, str]]:
    root = api_root(req)
    bookmark = root.replace("/v3", "", 1)
    return [{"href": f"{root}/{collection}/{id_}", "rel": "self"},
            {"href": f"{bookmark}/{collection}/{id_}", "rel": "bookmark"}]


def is_admin(req: Req) -> bool:
    return req.ctx is not None and req.ctx.is_admin


# -- volumes ---------------------------------------------------------------------------------------
def volume_attachment(att: dict[str, Any], vol: dict[str, Any], admin: bool) -> dict[str, Any]:
    # the attached host is shown to admins (and services) only, as Cinder does
    return {"server_id": att["instance_uuid"], "attachment_id": att["id"], "attached_at": ts(att["attach_time"]),
            "host_name": att["attached_host"] if admin else None, "volume_id": vol["id"],
            "device": att["mountpoint"], "id": vol["id"]}


def volume_summary(req: Req, vol: dict[str, Any]) -> dict[str, Any]:
    return {"id": vol["id"], "name": vol["name"], "links": links(req, "volumes", vol["id"])}


def volume(req: Req, vol: dict[str, Any], types: dict[str, dict[str, Any]],
           attachments: list[dict[str, Any]], backends: dict[str, str] | None = None,
           extended: bool = True) -> dict[str, Any]:
    """``types``: id -> type row; ``attachments``: this volume's attached attachments. ``extended``:
    the extension attributes (tenant, host, migration, image metadata) Cinder adds to show and detail
    only, not to create and update answers."""
    type_row = types.get(vol["type_id"] or "")
    admin = is_admin(req)
    body: dict[str, Any] = {
        "attachments": [volume_attachment(a, vol, admin) for a in attachments if a["attach_status"] == "attached"],
        "availability_zone": vol["availability_zone"],
        "bootable": "true" if vol["bootable"] else "false",
        "consistencygroup_id": None,
        "created_at": ts(vol["created_at"]),
        "description": vol["description"],
        "encrypted": vol.get("encryption_key_id") is not None,
        "id": vol["id"],
        "links": links(req, "volumes", vol["id"]),
        "metadata": dict(vol["metadata"] or {}),
        "multiattach": bool(vol["multiattach"]),
        "name": vol["name"],
        "replication_status": None,
        "size": vol["size"],
        "snapshot_id": vol["snapshot_id"],
        "source_volid": vol["source_volid"],
        "status": vol["status"],
        "updated_at": ts(vol["updated_at"]),
        "user_id": vol["user_id"],
        "volume_type": type_row["name"] if type_row else None,
    }
    if admin:
        body["migration_status"] = vol["migration_status"]
    if extended:
        body["os-vol-tenant-attr:tenant_id"] = vol["project_id"]
    if extended and admin:
        host = (backends or {}).get(vol["backend"] or "")
        body["os-vol-host-attr:host"] = host
        body["os-vol-mig-status-attr:migstat"] = vol["migration_status"]
        body["os-vol-mig-status-attr:name_id"] = None
    if extended and vol["image_metadata"]:
        body["volume_image_metadata"] = dict(vol["image_metadata"])
    if req.at_least(3, 13):
        body["group_id"] = vol.get("group_id")
    if req.at_least(3, 21) and admin:
        body["provider_id"] = None
    if req.at_least(3, 48):
        body["service_uuid"] = None
        body["shared_targets"] = True
    if req.at_least(3, 61) and admin:
        body["cluster_name"] = None
    if req.at_least(3, 63):
        body["volume_type_id"] = vol["type_id"]
    if req.at_least(3, 64) and vol.get("encryption_key_id"):
        body["encryption_key_id"] = vol["encryption_key_id"]
    if req.at_least(3, 65):
        body["consumes_quota"] = True
    return body


# -- snapshots -------------------------------------------------------------------------------------
def snapshot(req: Req, snap: dict[str, Any], extended: bool = True) -> dict[str, Any]:
    """``extended``: the os-extended-snapshot-attributes Cinder adds to show and detail only."""
    body: dict[str, Any] = {
        "created_at": ts(snap["created_at"]), "description": snap["description"], "id": snap["id"],
        "metadata": dict(snap["metadata"] or {}), "name": snap["name"],
        "size": snap["size"], "status": snap["status"], "updated_at": ts(snap["updated_at"]),
        "volume_id": snap["volume_id"],
    }
    if extended:
        body["os-extended-snapshot-attributes:progress"] = snap["progress"]
        body["os-extended-snapshot-attributes:project_id"] = snap["project_id"]
    if req.at_least(3, 14):
        body["group_snapshot_id"] = snap.get("group_snapshot_id")
    if req.at_least(3, 41):
        body["user_id"] = snap["user_id"]
    if req.at_least(3, 65):
        body["consumes_quota"] = True
    return body


# -- backups ---------------------------------------------------------------------------------------
def backup_summary(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "links": links(req, "backups", row["id"])}


def backup(req: Req, row: dict[str, Any], has_dependents: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "availability_zone": row["availability_zone"], "container": row["container"],
        "created_at": ts(row["created_at"]), "data_timestamp": ts(row["data_timestamp"]),
        "description": row["description"], "fail_reason": row["fail_reason"],
        "has_dependent_backups": has_dependents, "id": row["id"], "is_incremental": bool(row["is_incremental"]),
        "links": links(req, "backups", row["id"]), "name": row["name"], "object_count": row["object_count"],
        "size": row["size"], "snapshot_id": row["snapshot_id"], "status": row["status"],
        "updated_at": ts(row["updated_at"]), "volume_id": row["volume_id"],
    }
    if req.at_least(3, 18):
        body["os-backup-project-attr:project_id"] = row["project_id"]
    if req.at_least(3, 43):
        body["metadata"] = dict(row["metadata"] or {})
    if req.at_least(3, 56):
        body["user_id"] = row["user_id"]
    return body


# -- types -----------------------------------------------------------------------------------------
def volume_type(req: Req, row: dict[str, Any], kind: str = "show") -> dict[str, Any]:
    """``kind``: show/list (admins also see qos_specs_id), create (with the access extension's
    is_public) or update (neither), as Cinder's types and types_manage controllers answer."""
    body: dict[str, Any] = {"id": row["id"], "name": row["name"], "description": row["description"],
                            "is_public": bool(row["is_public"]), "extra_specs": dict(row["extra_specs"] or {})}
    if kind != "update":
        body["os-volume-type-access:is_public"] = bool(row["is_public"])
    if kind == "show" and is_admin(req):
        body["qos_specs_id"] = row["qos_specs_id"]
    return body


# -- attachments -----------------------------------------------------------------------------------
_ATTACHMENT_STATUS = {"reserved": "reserved", "attaching": "attaching", "attached": "attached",
                      "detaching": "detaching"}


def attachment(req: Req, att: dict[str, Any], detail: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": att["id"],
        "status": _ATTACHMENT_STATUS.get(att["attach_status"], att["attach_status"]),
        "instance": att["instance_uuid"],
        "volume_id": att["volume_id"],
    }
    if detail:
        body.update(
            {
                "attached_at": ts(att["attach_time"]),
                "detached_at": ts(att["detach_time"]),
                "attach_mode": att["attach_mode"] or "null",
                "connection_info": att["connection_info"] or {},
            }
        )
    return body


# -- transfers -------------------------------------------------------------------------------------
def transfer(req: Req, row: dict[str, Any], detail: bool = True, auth_key: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": row["id"],
        "name": row["name"],
        "volume_id": row["volume_id"],
        "links": links(req, "os-volume-transfer", row["id"]),
    }
    if detail:
        body["created_at"] = ts(row["created_at"])
        if req.at_least(3, 55):
            body["no_snapshots"] = bool(row["no_snapshots"])
        if req.at_least(3, 57):
            body["destination_project_id"] = None
            body["source_project_id"] = row["project_id"]
            body["accepted"] = False
    if auth_key is not None:
        body["auth_key"] = auth_key
    return body


def collection_links(req: Req, key: str, more: bool, last_id: str | None, limit: int | None) -> dict[str, Any]:
    """Cinder's ``<key>_links``: a next link whenever a page is full (Cinder does not look ahead)."""
    from twinstack.core.pagination import next_link

    if not more or last_id is None:
        return {}
    base = req.base_url() + req.raw.scope["twinstack.subpath"]
    return {f"{key}_links": [{"href": next_link(base, req.query, last_id, limit), "rel": "next"}]}
