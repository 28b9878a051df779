"""Generic volume groups: group types (3.11) with group specs, groups (3.13; from a source 3.14;
reset status 3.20) and group snapshots (3.14; reset status 3.19)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.block_storage import errors, lifecycle, manager
from twinstack.block_storage import tables as t
from twinstack.block_storage.api import common
from twinstack.block_storage.manager import quotas, steps
from twinstack.block_storage.schemas import groups as schema
from twinstack.block_storage.views import ts
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pagination import parse_sort
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate

GROUP_STATUSES = ("available", "error", "creating", "deleting", "updating", "in-use", "error_deleting")


def _need(req: Req, minor: int) -> None:
    common.project_of(req)
    if not req.at_least(3, minor):
        raise ApiError(404, "The resource could not be found.", "HTTPNotFound")


# -- group types -----------------------------------------------------------------------------------
def _gtype_view(row: Any) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "description": row["description"],
            "is_public": bool(row["is_public"]), "group_specs": dict(row["group_specs"] or {})}


def _find_gtype(conn: Any, ref: str) -> dict[str, Any]:
    row = conn.execute(sa.select(t.group_types).where(sa.or_(t.group_types.c.id == ref,
                                                             t.group_types.c.name == ref))).mappings().first()
    if row is None:
        raise ApiError(404, f"Group type {ref} could not be found.", "GroupTypeNotFound")
    return dict(row)


async def gtype_index(req: Req) -> Any:
    _need(req, 11)
    sort = parse_sort(req.query, {"id", "name", "created_at", "is_public", "description"},
                      [("created_at", "asc"), ("id", "asc")])
    query = sa.select(t.group_types).order_by(*[getattr(t.group_types.c[k], d)() for k, d in sort])
    is_public = req.query.get("is_public")
    if not req.context.is_admin:
        query = query.where(t.group_types.c.is_public.is_(True))
    elif is_public is not None and is_public.lower() != "none":
        query = query.where(t.group_types.c.is_public.is_(to_bool(is_public)))
    with req.cloud.store.read() as conn:
        return {"group_types": [_gtype_view(r) for r in conn.execute(query).mappings()]}


async def gtype_show(req: Req) -> Any:
    _need(req, 11)
    with req.cloud.store.read() as conn:
        return {"group_type": _gtype_view(_find_gtype(conn, req.params["group_type_id"]))}


async def gtype_default(req: Req) -> Any:
    _need(req, 11)
    with req.cloud.store.read() as conn:
        row = (
            conn.execute(sa.select(t.group_types).where(t.group_types.c.name == "default_group_type"))
            .mappings()
            .first()
        )
    if row is None:
        raise ApiError(404, "Default group type can not be found.", "GroupTypeNotFound")
    return {"group_type": _gtype_view(row)}


async def gtype_create(req: Req) -> Any:
    _need(req, 11)
    req.authorize("group:group_types_manage", {"project_id": req.context.project_id})
    spec = await common.body_member(req, "group_type")
    validate(spec, schema.gtype_create)
    row = {
        "id": uuid_str(),
        "name": spec["name"].strip(),
        "description": spec.get("description"),
        "is_public": to_bool(spec.get("is_public", True)),
        "group_specs": dict(spec.get("group_specs") or {}),
        "created_at": manager.now(req.cloud),
    }
    with req.cloud.store.begin() as conn:
        if conn.execute(sa.select(t.group_types.c.id).where(t.group_types.c.name == row["name"])).first() is not None:
            raise ApiError(409, f"Group Type {row['name']} already exists.", "GroupTypeExists")
        conn.execute(t.group_types.insert().values(**row))
    return json_response({"group_type": _gtype_view(row)}, 202)


async def gtype_update(req: Req) -> Any:
    _need(req, 11)
    req.authorize("group:group_types_manage", {"project_id": req.context.project_id})
    spec = await common.body_member(req, "group_type")
    validate(spec, schema.gtype_update)
    with req.cloud.store.begin() as conn:
        row = _find_gtype(conn, req.params["group_type_id"])
        values = {
            k: (to_bool(v) if k == "is_public" else v) for k, v in spec.items() if v is not None or k == "description"
        }
        if values:
            conn.execute(t.group_types.update().where(t.group_types.c.id == row["id"]).values(**values))
        row.update(values)
    return {"group_type": _gtype_view(row)}


async def gtype_delete(req: Req) -> Any:
    _need(req, 11)
    req.authorize("group:group_types_manage", {"project_id": req.context.project_id})
    with req.cloud.store.begin() as conn:
        row = _find_gtype(conn, req.params["group_type_id"])
        if conn.execute(sa.select(t.groups.c.id).where(t.groups.c.group_type_id == row["id"]).limit(1)).first():
            raise errors.bad_request(
                f"Group Type {row['id']} deletion is not allowed with groups present with the type."
            )
        conn.execute(t.group_types.delete().where(t.group_types.c.id == row["id"]))
    return empty(202)


async def gspecs_index(req: Req) -> Any:
    _need(req, 11)
    with req.cloud.store.read() as conn:
        return {"group_specs": dict(_find_gtype(conn, req.params["group_type_id"])["group_specs"] or {})}


async def gspecs_create(req: Req) -> Any:
    _need(req, 11)
    req.authorize("group:group_types_specs", {"project_id": req.context.project_id})
    specs = await common.body_member(req, "group_specs", schema.gspecs_create)
    with req.cloud.store.begin() as conn:
        row = _find_gtype(conn, req.params["group_type_id"])
        conn.execute(
            t.group_types.update()
            .where(t.group_types.c.id == row["id"])
            .values(group_specs={**(row["group_specs"] or {}), **specs})
        )
    return json_response({"group_specs": specs}, 202)


async def gspec_show(req: Req) -> Any:
    _need(req, 11)
    key = req.params["key"]
    with req.cloud.store.read() as conn:
        specs = _find_gtype(conn, req.params["group_type_id"])["group_specs"] or {}
    if key not in specs:
        raise ApiError(
            404, f"Group Type {req.params['group_type_id']} has no specs with key {key}.", "GroupTypeSpecsNotFound"
        )
    return {key: specs[key]}


async def gspec_update(req: Req) -> Any:
    _need(req, 11)
    req.authorize("group:group_types_specs", {"project_id": req.context.project_id})
    key = req.params["key"]
    body = await req.json()
    if not isinstance(body, dict) or key not in body or len(body) != 1 or not isinstance(body[key], str):
        raise errors.bad_request("Request body and URI mismatch")
    with req.cloud.store.begin() as conn:
        row = _find_gtype(conn, req.params["group_type_id"])
        conn.execute(
            t.group_types.update()
            .where(t.group_types.c.id == row["id"])
            .values(group_specs={**(row["group_specs"] or {}), key: body[key]})
        )
    return {key: body[key]}


async def gspec_delete(req: Req) -> Any:
    _need(req, 11)
    req.authorize("group:group_types_specs", {"project_id": req.context.project_id})
    key = req.params["key"]
    with req.cloud.store.begin() as conn:
        row = _find_gtype(conn, req.params["group_type_id"])
        specs = dict(row["group_specs"] or {})
        if key not in specs:
            raise ApiError(404, f"Group Type {row['id']} has no specs with key {key}.", "GroupTypeSpecsNotFound")
        specs.pop(key)
        conn.execute(t.group_types.update().where(t.group_types.c.id == row["id"]).values(group_specs=specs))
    return empty(202)


# -- groups ----------------------------------------------------------------------------------------
def _group_view(req: Req, row: Any, volume_ids: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": row["id"],
        "name": row["name"],
        "description": row["description"],
        "status": row["status"],
        "availability_zone": row["availability_zone"],
        "created_at": ts(row["created_at"]),
        "group_type": row["group_type_id"],
        "volume_types": list(row["volume_type_ids"] or []),
    }
    if req.at_least(3, 14):
        body.update(group_snapshot_id=row["group_snapshot_id"], source_group_id=row["source_group_id"])
    if (req.at_least(3, 25) and to_bool(req.query.get("list_volume") or "false")) or req.at_least(3, 25):
        body["volumes"] = volume_ids
    if req.at_least(3, 38):
        body["replication_status"] = "disabled"
    if req.at_least(3, 58):
        body["project_id"] = row["project_id"]
    return body


def _find_group(req: Req, conn: Any, group_id: str) -> dict[str, Any]:
    query = sa.select(t.groups).where(t.groups.c.id == group_id)
    if not req.context.is_admin:
        query = query.where(t.groups.c.project_id == req.context.project_id)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise ApiError(404, f"Group {group_id} could not be found.", "GroupNotFound")
    return dict(row)


def _members(conn: Any, group_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {g: [] for g in group_ids}
    if group_ids:
        for vid, gid in conn.execute(
            sa.select(t.volumes.c.id, t.volumes.c.group_id).where(t.volumes.c.group_id.in_(group_ids))
        ):
            out[gid].append(vid)
    return out


def _new_group(
    req: Req,
    conn: Any,
    name: str | None,
    description: str | None,
    gtype_id: str,
    type_ids: list[str],
    az: str | None,
    **extra: Any,
) -> dict[str, Any]:
    quotas.check(req.cloud, conn, req.context.project_id or "", {"groups": 1})
    zones = conn.execute(sa.select(t.backends.c.availability_zone).distinct()).scalars().all()
    if az and az not in zones:
        raise errors.bad_request(f"Availability zone '{az}' is invalid.")
    row = {
        "id": uuid_str(),
        "project_id": req.context.project_id,
        "user_id": req.context.user_id,
        "name": name,
        "description": description,
        "status": "creating",
        "availability_zone": az or (zones[0] if zones else "nova"),
        "group_type_id": gtype_id,
        "volume_type_ids": type_ids,
        "group_snapshot_id": None,
        "source_group_id": None,
        "created_at": manager.now(req.cloud),
        **extra,
    }
    conn.execute(t.groups.insert().values(**row))
    return row


async def group_create(req: Req) -> Any:
    _need(req, 13)
    req.authorize("group:create", {"project_id": req.context.project_id})
    spec = await common.body_member(req, "group")
    validate(spec, schema.group_create)
    with req.cloud.store.begin() as conn:
        gtype = _find_gtype(conn, spec["group_type"])
        type_ids = [
            manager.find_type(conn, ref, None if req.context.is_admin else req.context.project_id)["id"]
            for ref in spec["volume_types"]
        ]
        row = _new_group(
            req, conn, spec.get("name"), spec.get("description"), gtype["id"], type_ids, spec.get("availability_zone")
        )
    lifecycle.later(req.cloud, "create", steps.finish_group, row["id"])
    return json_response({"group": {"id": row["id"], "name": row["name"]}}, 202)


async def group_create_from_src(req: Req) -> Any:
    _need(req, 14)
    req.authorize("group:create", {"project_id": req.context.project_id})
    body = await req.json()
    spec = body.get("create-from-src") if isinstance(body, dict) else None
    if not isinstance(spec, dict):
        raise errors.bad_request("Missing required element 'create-from-src' in request body.")
    snap_id, source_id = spec.get("group_snapshot_id"), spec.get("source_group_id")
    if bool(snap_id) == bool(source_id):
        raise errors.invalid_input(
            "Either 'group_snapshot_id' or 'source_group_id' must be provided to create group from source."
        )
    pid = req.context.project_id or ""
    with req.cloud.store.begin() as conn:
        if snap_id:
            gsnap = _find_gsnap(req, conn, str(snap_id))
            source = _find_group(req, conn, gsnap["group_id"])
            children = [
                dict(r)
                for r in conn.execute(
                    sa.select(t.snapshots).where(t.snapshots.c.group_snapshot_id == gsnap["id"])
                ).mappings()
            ]
        else:
            source = _find_group(req, conn, str(source_id))
            children = [
                dict(r)
                for r in conn.execute(sa.select(t.volumes).where(t.volumes.c.group_id == source["id"])).mappings()
            ]
        row = _new_group(
            req,
            conn,
            spec.get("name"),
            spec.get("description"),
            source["group_type_id"],
            list(source["volume_type_ids"] or []),
            source["availability_zone"],
            group_snapshot_id=snap_id or None,
            source_group_id=source_id or None,
        )
        row["status"] = "available"
        conn.execute(t.groups.update().where(t.groups.c.id == row["id"]).values(status="available"))
        for child in children:
            vol = manager.create_volume(
                req.cloud,
                conn,
                pid,
                req.context.user_id,
                child["size"],
                snapshot_id=child["id"] if snap_id else None,
                source_volid=None if snap_id else child["id"],
                volume_type=child["type_id"],
                group_id=row["id"],
                admin=req.context.is_admin,
            )
            manager.finish_create(req.cloud, conn, vol["id"])
        conn.execute(t.groups.update().where(t.groups.c.id == row["id"]).values(status="creating"))
    lifecycle.later(req.cloud, "create", steps.finish_group, row["id"])
    return json_response({"group": {"id": row["id"], "name": row["name"]}}, 202)


async def _group_list(req: Req, detail: bool) -> Any:
    _need(req, 13)
    query = sa.select(t.groups).order_by(t.groups.c.created_at.desc(), t.groups.c.id)
    if not common.all_tenants(req):
        query = query.where(t.groups.c.project_id == req.context.project_id)
    with req.cloud.store.read() as conn:
        rows = conn.execute(query).mappings().all()
        members = _members(conn, [r["id"] for r in rows]) if detail else {}
    if not detail:
        return {"groups": [{"id": r["id"], "name": r["name"]} for r in rows]}
    return {"groups": [_group_view(req, r, members[r["id"]]) for r in rows]}


async def group_index(req: Req) -> Any:
    return await _group_list(req, False)


async def group_detail(req: Req) -> Any:
    return await _group_list(req, True)


async def group_show(req: Req) -> Any:
    _need(req, 13)
    with req.cloud.store.read() as conn:
        row = _find_group(req, conn, req.params["group_id"])
        return {"group": _group_view(req, row, _members(conn, [row["id"]])[row["id"]])}


async def group_update(req: Req) -> Any:
    _need(req, 13)
    spec = await common.body_member(req, "group")
    validate(spec, schema.group_update)
    if not spec:
        raise errors.invalid_input(
            "Name, description, add_volumes, and remove_volumes can not be all empty in the request body."
        )
    with req.cloud.store.begin() as conn:
        row = _find_group(req, conn, req.params["group_id"])
        req.authorize("group:update", {"project_id": row["project_id"]})
        if row["status"] != "available" and (spec.get("add_volumes") or spec.get("remove_volumes")):
            raise errors.bad_request(
                f"Invalid group: Group {row['id']} status must be available, but current status is: {row['status']}."
            )
        for vid in [v.strip() for v in (spec.get("add_volumes") or "").split(",") if v.strip()]:
            vol = manager.find_volume(conn, vid, row["project_id"])
            if (
                vol["type_id"] not in (row["volume_type_ids"] or [])
                or vol["status"] not in ("available", "in-use")
                or vol.get("group_id")
            ):
                raise errors.invalid_volume(
                    f"Cannot add volume {vid} to group {row['id']}: the volume's type, "
                    "status or group does not allow it."
                )
            conn.execute(t.volumes.update().where(t.volumes.c.id == vid).values(group_id=row["id"]))
        for vid in [v.strip() for v in (spec.get("remove_volumes") or "").split(",") if v.strip()]:
            conn.execute(
                t.volumes.update().where(t.volumes.c.id == vid, t.volumes.c.group_id == row["id"]).values(group_id=None)
            )
        values = {k: spec[k] for k in ("name", "description") if k in spec}
        if values:
            conn.execute(t.groups.update().where(t.groups.c.id == row["id"]).values(**values))
    return empty(202)


async def group_action(req: Req) -> Any:
    _need(req, 13)
    body = await req.json()
    if not isinstance(body, dict) or len(body) != 1:
        raise errors.bad_request("Malformed request body")
    name, arg = next(iter(body.items()))
    with req.cloud.store.begin() as conn:
        row = _find_group(req, conn, req.params["group_id"])
        if name == "delete":
            req.authorize("group:delete", {"project_id": row["project_id"]})
            delete_volumes = to_bool((arg or {}).get("delete-volumes", False)) if isinstance(arg, dict) else False
            vols = [
                dict(v) for v in conn.execute(sa.select(t.volumes).where(t.volumes.c.group_id == row["id"])).mappings()
            ]
            if row["status"] not in ("available", "error", "error_deleting"):
                raise errors.bad_request(
                    f"Invalid group: Group status must be available or error, but current status is: {row['status']}"
                )
            if vols and not delete_volumes:
                raise errors.bad_request(
                    "Invalid group: Group must not have attached volumes, volumes with "
                    "snapshots, or dependent cgsnapshots"
                )
            for vol in vols:
                if vol["status"] in ("in-use", "attaching", "detaching"):
                    raise errors.bad_request(f"Invalid group: Volume {vol['id']} in group is attached.")
            if conn.execute(sa.select(t.group_snapshots.c.id).where(t.group_snapshots.c.group_id == row["id"])).first():
                raise errors.bad_request("Invalid group: Group has existing snapshots.")
            for vol in vols:
                conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(group_id=None))
                manager.start_delete(req.cloud, conn, {**vol, "group_id": None}, cascade=True)
                manager.finish_delete(req.cloud, conn, vol["id"])
            conn.execute(t.groups.delete().where(t.groups.c.id == row["id"]))
        elif name == "reset_status":
            if not req.at_least(3, 20):
                raise errors.bad_request(f"There is no such action: {name}")
            req.authorize("group:reset_status", {"project_id": row["project_id"]})
            status = arg.get("status") if isinstance(arg, dict) else None
            if status not in GROUP_STATUSES:
                raise errors.bad_request(f"Cannot reset-state to {status}")
            conn.execute(t.groups.update().where(t.groups.c.id == row["id"]).values(status=status))
        else:
            raise errors.bad_request(f"There is no such action: {name}")
    return empty(202)


# -- group snapshots -------------------------------------------------------------------------------
def _gsnap_view(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "description": row["description"],
        "status": row["status"],
        "group_id": row["group_id"],
        "group_type_id": row["group_type_id"],
        "created_at": ts(row["created_at"]),
    }


def _find_gsnap(req: Req, conn: Any, gsnap_id: str) -> dict[str, Any]:
    query = sa.select(t.group_snapshots).where(t.group_snapshots.c.id == gsnap_id)
    if not req.context.is_admin:
        query = query.where(t.group_snapshots.c.project_id == req.context.project_id)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise ApiError(404, f"GroupSnapshot {gsnap_id} could not be found.", "GroupSnapshotNotFound")
    return dict(row)


async def gsnap_create(req: Req) -> Any:
    _need(req, 14)
    spec = await common.body_member(req, "group_snapshot")
    validate(spec, schema.gsnap_create)
    with req.cloud.store.begin() as conn:
        group = _find_group(req, conn, spec["group_id"])
        req.authorize("group:create_group_snapshot", {"project_id": group["project_id"]})
        if group["status"] != "available":
            raise errors.bad_request(
                f"Invalid group: Group {group['id']} status must be available, but current "
                f"status is: {group['status']}."
            )
        row = {
            "id": uuid_str(),
            "project_id": group["project_id"],
            "user_id": req.context.user_id,
            "group_id": group["id"],
            "group_type_id": group["group_type_id"],
            "name": spec.get("name"),
            "description": spec.get("description"),
            "status": "creating",
            "created_at": manager.now(req.cloud),
        }
        conn.execute(t.group_snapshots.insert().values(**row))
        for vol in conn.execute(sa.select(t.volumes).where(t.volumes.c.group_id == group["id"])).mappings().all():
            manager.create_snapshot(
                req.cloud,
                conn,
                dict(vol),
                group["project_id"],
                req.context.user_id,
                f"snapshot-{row['id']}",
                force=True,
                group_snapshot_id=row["id"],
            )
    lifecycle.later(req.cloud, "snapshot", steps.finish_group_snapshot, row["id"])
    return json_response(
        {"group_snapshot": {"id": row["id"], "name": row["name"], "group_type_id": row["group_type_id"]}}, 202
    )


async def _gsnap_list(req: Req, detail: bool) -> Any:
    _need(req, 14)
    query = sa.select(t.group_snapshots).order_by(t.group_snapshots.c.created_at.desc(), t.group_snapshots.c.id)
    if not common.all_tenants(req):
        query = query.where(t.group_snapshots.c.project_id == req.context.project_id)
    if req.query.get("group_id"):
        query = query.where(t.group_snapshots.c.group_id == req.query["group_id"])
    with req.cloud.store.read() as conn:
        rows = conn.execute(query).mappings().all()
    if not detail:
        return {"group_snapshots": [{"id": r["id"], "name": r["name"]} for r in rows]}
    return {"group_snapshots": [_gsnap_view(r) for r in rows]}


async def gsnap_index(req: Req) -> Any:
    return await _gsnap_list(req, False)


async def gsnap_detail(req: Req) -> Any:
    return await _gsnap_list(req, True)


async def gsnap_show(req: Req) -> Any:
    _need(req, 14)
    with req.cloud.store.read() as conn:
        return {"group_snapshot": _gsnap_view(_find_gsnap(req, conn, req.params["group_snapshot_id"]))}


async def gsnap_delete(req: Req) -> Any:
    _need(req, 14)
    with req.cloud.store.begin() as conn:
        row = _find_gsnap(req, conn, req.params["group_snapshot_id"])
        req.authorize("group:delete_group_snapshot", {"project_id": row["project_id"]})
        if row["status"] not in ("available", "error"):
            raise errors.bad_request(
                "Invalid GroupSnapshot: GroupSnapshot status must be available or error, and "
                "no Group can be currently using it as source for its creation."
            )
        conn.execute(t.snapshots.delete().where(t.snapshots.c.group_snapshot_id == row["id"]))
        conn.execute(t.group_snapshots.delete().where(t.group_snapshots.c.id == row["id"]))
    return empty(202)


async def gsnap_action(req: Req) -> Any:
    _need(req, 19)
    body = await req.json()
    arg = body.get("reset_status") if isinstance(body, dict) else None
    if not isinstance(arg, dict):
        raise errors.bad_request("There is no such action")
    status = arg.get("status")
    if status not in ("available", "error", "creating", "deleting", "error_deleting"):
        raise errors.bad_request(f"Cannot reset-state to {status}")
    with req.cloud.store.begin() as conn:
        row = _find_gsnap(req, conn, req.params["group_snapshot_id"])
        req.authorize("group:reset_group_snapshot_status", {"project_id": row["project_id"]})
        conn.execute(t.group_snapshots.update().where(t.group_snapshots.c.id == row["id"]).values(status=status))
    return empty(202)
