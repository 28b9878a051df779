"""Volume snapshots: create (force for in-use before 3.66), list/detail, show, update, delete,
metadata, and the admin actions (reset status, force delete, update status)."""

from __future__ import annotations

from typing import Any

from twinstack.block_storage import errors, lifecycle, manager, views
from twinstack.block_storage import tables as t
from twinstack.block_storage.api import common
from twinstack.block_storage.schemas import parameter_types
from twinstack.block_storage.schemas import snapshots as schema
from twinstack.core.convert import is_bool_like, to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.resource import Attr
from twinstack.core.validation import validate

SNAPSHOT_STATUSES = ("available", "error", "creating", "deleting", "error_deleting", "backing-up", "restoring",
                     "unmanaging")


async def create(req: Req) -> Any:
    project_id = common.project_of(req)
    spec = await common.body_member(req, "snapshot")
    validate(spec, schema.create)
    force = spec.get("force")
    if force is not None and not is_bool_like(force):
        raise errors.invalid_input(f"Invalid value '{force}' for force. Accepted values are True or False.")
    force_flag = to_bool(force) if force is not None else False
    if req.at_least(3, 66) and force is not None and not force_flag:
        raise errors.bad_request("The 'force' flag is not allowed to be False since microversion 3.66.")
    with req.cloud.store.begin() as conn:
        vol = manager.find_volume(conn, spec.get("volume_id") or "None", common.owner_filter(req))
        common.authorize(req, "volume:create_snapshot", vol["project_id"])
        row = manager.create_snapshot(req.cloud, conn, vol, project_id, req.context.user_id,
                                      spec.get("name", spec.get("display_name")),
                                      spec.get("description", spec.get("display_description")),
                                      force=force_flag, metadata=spec.get("metadata"),
                                      allow_in_use=req.at_least(3, 66))
    lifecycle.later(req.cloud, "snapshot", manager.finish_snapshot, row["id"])
    return json_response({"snapshot": views.snapshot(req, row, extended=False)}, 202)


LISTING = common.Listing("snapshots", t.snapshots, (
    Attr("id", sort=True), Attr("name", filter=True, sort=True),
    Attr("display_name", column="name", filter=True, sort=True), Attr("status", filter=True, sort=True),
    Attr("volume_id", filter=True, sort=True), Attr("size", sort=True), Attr("created_at", sort=True),
    Attr("updated_at", sort=True)), with_count=True)


async def _list(req: Req, detail: bool) -> Any:
    project_id = common.project_of(req)
    common.authorize(req, "volume:get_all_snapshots", project_id)
    return common.run_list(req, LISTING, lambda conn, rows: [views.snapshot(req, r, detail) for r in rows])


async def index(req: Req) -> Any:
    return await _list(req, False)


async def detail(req: Req) -> Any:
    return await _list(req, True)


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = manager.find_snapshot(conn, req.params["snapshot_id"], common.owner_filter(req))
    common.authorize(req, "volume:get_snapshot", row["project_id"])
    return {"snapshot": views.snapshot(req, row)}


async def update(req: Req) -> Any:
    spec = await common.body_member(req, "snapshot")
    validate(spec, schema.update)
    if not spec:
        raise errors.bad_request("Missing request body")
    values: dict[str, Any] = {}
    for key, col in (("name", "name"), ("display_name", "name"), ("description", "description"),
                     ("display_description", "description")):
        if key in spec:
            values[col] = spec[key]
    with req.cloud.store.begin() as conn:
        row = manager.find_snapshot(conn, req.params["snapshot_id"], common.owner_filter(req))
        common.authorize(req, "volume:update_snapshot", row["project_id"])
        values["updated_at"] = manager.now(req.cloud)
        conn.execute(t.snapshots.update().where(t.snapshots.c.id == row["id"]).values(**values))
        row.update(values)
    return {"snapshot": views.snapshot(req, row, extended=False)}


async def delete(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = manager.find_snapshot(conn, req.params["snapshot_id"], common.owner_filter(req))
        common.authorize(req, "volume:delete_snapshot", row["project_id"])
        if row["status"] not in ("available", "error") or row.get("group_snapshot_id"):
            raise errors.invalid_snapshot("Volume Snapshot status must be available or error and must not be part "
                                          "of a group.")
        conn.execute(t.snapshots.update().where(t.snapshots.c.id == row["id"]).values(status="deleting"))
    lifecycle.later(req.cloud, "delete", manager.finish_snapshot_delete, row["id"])
    return empty(202)


async def action(req: Req) -> Any:
    body = await req.json()
    if not isinstance(body, dict) or len(body) != 1:
        raise errors.bad_request("Malformed request body")
    name, arg = next(iter(body.items()))
    with req.cloud.store.begin() as conn:
        row = manager.find_snapshot(conn, req.params["snapshot_id"], common.owner_filter(req))
        if name == "os-reset_status":
            req.authorize("volume_extension:snapshot_admin_actions:reset_status", {"project_id": row["project_id"]})
            status = (arg or {}).get("status") if isinstance(arg, dict) else None
            if status not in SNAPSHOT_STATUSES:
                raise errors.bad_request(f"Cannot reset-state to {status}")
            conn.execute(t.snapshots.update().where(t.snapshots.c.id == row["id"]).values(status=status))
        elif name == "os-update_snapshot_status":
            common.authorize(req, "volume:update_snapshot", row["project_id"])
            status = (arg or {}).get("status") if isinstance(arg, dict) else None
            allowed = {"creating": ("creating", "available", "error"), "deleting": ("deleting", "error_deleting")}
            if status not in allowed.get(row["status"], ()):
                raise errors.invalid_snapshot(f"Provided snapshot status {status} not allowed for snapshot with "
                                              f"status {row['status']}.")
            values: dict[str, Any] = {"status": status}
            if isinstance(arg, dict) and arg.get("progress"):
                values["progress"] = arg["progress"]
            conn.execute(t.snapshots.update().where(t.snapshots.c.id == row["id"]).values(**values))
        elif name == "os-force_delete":
            req.authorize("volume_extension:snapshot_admin_actions:force_delete", {"project_id": row["project_id"]})
            conn.execute(t.snapshots.update().where(t.snapshots.c.id == row["id"]).values(status="deleting"))
        else:
            raise errors.bad_request(f"There is no such action: {name}")
    if name == "os-force_delete":
        lifecycle.later(req.cloud, "delete", manager.finish_snapshot_delete, row["id"])
    return empty(202)


# -- metadata --------------------------------------------------------------------------------------
def _row(req: Req, conn: Any, rule: str) -> dict[str, Any]:
    row = manager.find_snapshot(conn, req.params["snapshot_id"], common.owner_filter(req))
    common.authorize(req, rule, row["project_id"])
    return row


def _save(req: Req, conn: Any, row: dict[str, Any], meta: dict[str, str]) -> None:
    conn.execute(t.snapshots.update().where(t.snapshots.c.id == row["id"])
                 .values(metadata=meta, updated_at=manager.now(req.cloud)))


async def metadata_show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        return {"metadata": dict(_row(req, conn, "volume:get_snapshot_metadata")["metadata"] or {})}


async def metadata_create(req: Req) -> Any:
    meta = await common.body_member(req, "metadata", parameter_types.METADATA)
    with req.cloud.store.begin() as conn:
        row = _row(req, conn, "volume:update_snapshot_metadata")
        merged = {**(row["metadata"] or {}), **meta}
        _save(req, conn, row, merged)
    return {"metadata": merged}


async def metadata_replace(req: Req) -> Any:
    meta = await common.body_member(req, "metadata", parameter_types.METADATA)
    with req.cloud.store.begin() as conn:
        _save(req, conn, _row(req, conn, "volume:update_snapshot_metadata"), dict(meta))
    return {"metadata": dict(meta)}


async def metadata_item_show(req: Req) -> Any:
    key = req.params["key"]
    with req.cloud.store.read() as conn:
        row = _row(req, conn, "volume:get_snapshot_metadata")
    if key not in (row["metadata"] or {}):
        raise ApiError(404, "Metadata item was not found", "SnapshotMetadataNotFound")
    return {"meta": {key: row["metadata"][key]}}


async def metadata_item_update(req: Req) -> Any:
    key, value = await common.meta_item(req)
    with req.cloud.store.begin() as conn:
        row = _row(req, conn, "volume:update_snapshot_metadata")
        _save(req, conn, row, {**(row["metadata"] or {}), key: value})
    return {"meta": {key: value}}


async def metadata_item_delete(req: Req) -> Any:
    key = req.params["key"]
    with req.cloud.store.begin() as conn:
        row = _row(req, conn, "volume:delete_snapshot_metadata")
        current = dict(row["metadata"] or {})
        if key not in current:
            raise ApiError(404, "Metadata item was not found", "SnapshotMetadataNotFound")
        current.pop(key)
        _save(req, conn, row, current)
    return empty(200)
