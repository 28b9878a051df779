"""Volumes: create (blank, from image, snapshot, volume or backup), list/detail with Cinder's
filters, sort and keyset pages, show, update, delete, and the metadata sub-resource."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from twinstack.block_storage import errors, lifecycle, manager, views
from twinstack.block_storage import tables as t
from twinstack.block_storage.api import common
from twinstack.block_storage.schemas import parameter_types
from twinstack.block_storage.schemas import volumes as schema
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.resource import Attr
from twinstack.core.validation import validate

LISTING = common.Listing(
    "volumes",
    t.volumes,
    (
        Attr("id", sort=True),
        Attr("name", filter=True, sort=True),
        Attr("display_name", column="name", filter=True, sort=True),
        Attr("status", filter=True, sort=True),
        Attr("availability_zone", filter=True, sort=True),
        Attr("user_id", filter=True, sort=True),
        Attr("project_id", sort=True),
        Attr("size", sort=True),
        Attr("created_at", sort=True),
        Attr("updated_at", sort=True),
        Attr("bootable", sort=True),
        Attr("type_id", sort=True),
        Attr("volume_type", column="type_id", sort=True),
    ),
    with_count=True,
)


def _render(req: Req, conn: Any, rows: list[dict[str, Any]], extended: bool = True) -> list[dict[str, Any]]:
    """Detail bodies for a page: types, attachments and hosts in three queries, whatever its size."""
    types = common.types_by_id(conn)
    ids = [r["id"] for r in rows]
    by_volume: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if ids:
        for att in conn.execute(sa.select(t.attachments).where(t.attachments.c.volume_id.in_(ids))).mappings():
            by_volume[att["volume_id"]].append(dict(att))
    hosts = common.backend_hosts(conn) if views.is_admin(req) else {}
    return [views.volume(req, r, types, by_volume[r["id"]], hosts, extended) for r in rows]


def render_one(req: Req, conn: Any, row: dict[str, Any], extended: bool = True) -> dict[str, Any]:
    return _render(req, conn, [row], extended)[0]


async def create(req: Req) -> Any:
    project_id = common.project_of(req)
    common.authorize(req, "volume:create", project_id)
    body = await req.json()
    if not isinstance(body, dict) or "volume" not in body:
        raise ApiError(400, "Missing required element 'volume' in request body.", "BadRequest")
    validate(body, schema.create_body)
    spec = body["volume"]
    size = spec.get("size")
    if isinstance(size, str):
        size = int(size)
    image_id = spec.get("imageRef") or spec.get("image_id")
    if not any((size, spec.get("snapshot_id"), spec.get("source_volid"), spec.get("backup_id"), image_id)):
        raise (
            errors.invalid_input(
                "One of the following must be specified: size, snapshot_id, source_volid, backup_id, imageRef"
            )
            if size is None
            else errors.invalid_input(
                f"Invalid volume size provided for create request: {size} (size argument must be an integer (or "
                "string representation of an integer) and greater than zero)."
            )
        )
    multiattach = spec.get("multiattach")
    with req.cloud.store.begin() as conn:
        row = manager.create_volume(
            req.cloud,
            conn,
            project_id,
            req.context.user_id,
            size,
            name=spec.get("name", spec.get("display_name")),
            description=spec.get("description", spec.get("display_description")),
            metadata=spec.get("metadata"),
            volume_type=spec.get("volume_type"),
            availability_zone=spec.get("availability_zone"),
            image_id=image_id,
            snapshot_id=spec.get("snapshot_id"),
            source_volid=spec.get("source_volid"),
            backup_id=spec.get("backup_id") if req.at_least(3, 47) else None,
            multiattach=to_bool(multiattach) if multiattach is not None else False,
            admin=req.context.is_admin,
            request_id=req.request_id,
            group_id=spec.get("group_id") if req.at_least(3, 13) else None,
        )
        result = {"volume": render_one(req, conn, row, extended=False)}
    if row["status"] == "creating":
        lifecycle.later(req.cloud, "create", manager.finish_create, row["id"])
    return json_response(result, 202)


_TIME_OPS = {"gt": "__gt__", "gte": "__ge__", "lt": "__lt__", "lte": "__le__", "eq": "__eq__", "neq": "__ne__"}


def _time_filter(column: Any, value: str) -> Any:
    """3.60's ``created_at=gte:2026-01-01T00:00:00`` (comma-separated to combine)."""
    clauses = []
    for part in value.split(","):
        op, _, stamp = part.partition(":")
        if op not in _TIME_OPS or not stamp:
            raise errors.invalid_input(f"Invalid time comparison operator or value: {part}")
        try:
            when = datetime.fromisoformat(stamp.replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            raise errors.invalid_input(f"Invalid time value: {stamp}") from None
        clauses.append(getattr(column, _TIME_OPS[op])(when))
    return sa.and_(*clauses)


def _refine(req: Req, query: Any) -> Any:
    """The volume list's own filters: like (3.34), times (3.60), size, group, bootable, type, metadata."""
    v = t.volumes.c
    q = req.query
    # the ``like`` filters (3.34), accepted at any version
    for key, col in (("name~", v.name), ("status~", v.status), ("description~", v.description)):
        if q.get(key):
            pattern = q[key].replace("%", "\\%").replace("_", "\\_")
            query = query.where(col.like(f"%{pattern}%", escape="\\"))
    for key in ("created_at", "updated_at"):
        if q.get(key) and req.at_least(3, 60):
            query = query.where(_time_filter(v[key], q[key]))
    if q.get("size") is not None:
        if not q["size"].isdigit():
            raise errors.invalid_input(f"Invalid filter size: {q['size']}")
        query = query.where(v.size == int(q["size"]))
    if q.get("group_id") and req.at_least(3, 13):
        query = query.where(v.group_id == q["group_id"])
    if q.get("bootable") is not None:
        query = query.where(v.bootable.is_(to_bool(q["bootable"])))
    if q.get("volume_type"):
        type_ids = sa.select(t.types.c.id).where(
            sa.or_(t.types.c.id == q["volume_type"], t.types.c.name == q["volume_type"])
        )
        query = query.where(v.type_id.in_(type_ids))
    for key in ("metadata", "glance_metadata"):
        if q.get(key):
            column = v.metadata if key == "metadata" else v.image_metadata
            for mk, mv in common.dict_filter(q[key]).items():
                query = query.where(column[mk].as_string() == mv)
    return query


async def _list(req: Req, detail: bool) -> Any:
    project_id = common.project_of(req)
    common.authorize(req, "volume:get_all", project_id)

    def render(conn: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return _render(req, conn, rows) if detail else [views.volume_summary(req, r) for r in rows]

    return common.run_list(req, LISTING, render, lambda query: _refine(req, query))


async def index(req: Req) -> Any:
    return await _list(req, detail=False)


async def detail(req: Req) -> Any:
    return await _list(req, detail=True)


async def show(req: Req) -> Any:
    owner = common.owner_filter(req)
    with req.cloud.store.read() as conn:
        row = manager.find_volume(conn, req.params["volume_id"], owner)
        common.authorize(req, "volume:get", row["project_id"])
        return {"volume": render_one(req, conn, row)}


async def update(req: Req) -> Any:
    owner = common.owner_filter(req)
    spec = await common.body_member(req, "volume")
    validate(spec, schema.update)
    values: dict[str, Any] = {}
    for key, column in (
        ("name", "name"),
        ("display_name", "name"),
        ("description", "description"),
        ("display_description", "description"),
        ("metadata", "metadata"),
    ):
        if key in spec:
            values[column] = spec[key] if column != "metadata" else dict(spec[key] or {})
    with req.cloud.store.begin() as conn:
        row = manager.find_volume(conn, req.params["volume_id"], owner)
        common.authorize(req, "volume:update", row["project_id"])
        if values:
            values["updated_at"] = manager.now(req.cloud)
            conn.execute(t.volumes.update().where(t.volumes.c.id == row["id"]).values(**values))
            row.update(values)
        return {"volume": render_one(req, conn, row, extended=False)}


async def delete(req: Req) -> Any:
    owner = common.owner_filter(req)
    cascade = to_bool(req.query.get("cascade"))
    force = to_bool(req.query.get("force"))
    with req.cloud.store.begin() as conn:
        row = manager.find_volume(conn, req.params["volume_id"], owner)
        common.authorize(req, "volume:delete", row["project_id"])
        if force:
            req.authorize("volume_extension:volume_admin_actions:force_delete", {"project_id": row["project_id"]})
        manager.start_delete(req.cloud, conn, row, cascade=cascade, force=force)
    lifecycle.later(req.cloud, "delete", manager.finish_delete, row["id"])
    return empty(202)


async def summary(req: Req) -> Any:
    """GET /volumes/summary (3.12): count and total size, with the metadata seen (3.36)."""
    project_id = common.project_of(req)
    common.authorize(req, "volume:get_all", project_id)  # cinder: the summary is a list
    if not req.at_least(3, 12):
        raise ApiError(404, "The resource could not be found.", "HTTPNotFound")
    v = t.volumes.c
    with req.cloud.store.read() as conn:
        query = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(v.size), 0))
        meta_query = sa.select(v.metadata)
        if not common.all_tenants(req):
            query = query.where(v.project_id == req.context.project_id)
            meta_query = meta_query.where(v.project_id == req.context.project_id)
        count, size = conn.execute(query).one()
        body: dict[str, Any] = {"total_count": count, "total_size": int(size)}
        if req.at_least(3, 36):
            meta: dict[str, list[str]] = {}
            for (m,) in conn.execute(meta_query):
                for key, value in (m or {}).items():
                    meta.setdefault(key, [])
                    if value not in meta[key]:
                        meta[key].append(value)
            body["metadata"] = meta
    return {"volume-summary": body}


# -- metadata --------------------------------------------------------------------------------------
def _meta_row(req: Req, conn: Any, rule: str) -> dict[str, Any]:
    row = manager.find_volume(conn, req.params["volume_id"], common.owner_filter(req))
    common.authorize(req, rule, row["project_id"])
    return row


def _write_meta(req: Req, conn: Any, row: dict[str, Any], meta: dict[str, str]) -> None:
    if row["status"] == "maintenance":
        raise errors.invalid_volume("The volume metadata cannot be updated when the volume is in maintenance mode.")
    conn.execute(
        t.volumes.update().where(t.volumes.c.id == row["id"]).values(metadata=meta, updated_at=manager.now(req.cloud))
    )


async def metadata_show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _meta_row(req, conn, "volume:get_volume_metadata")
    return {"metadata": dict(row["metadata"] or {})}


async def metadata_create(req: Req) -> Any:
    meta = await common.body_member(req, "metadata", parameter_types.METADATA)
    with req.cloud.store.begin() as conn:
        row = _meta_row(req, conn, "volume:create_volume_metadata")
        merged = {**(row["metadata"] or {}), **meta}
        _write_meta(req, conn, row, merged)
    return {"metadata": merged}


async def metadata_replace(req: Req) -> Any:
    meta = await common.body_member(req, "metadata", parameter_types.METADATA)
    with req.cloud.store.begin() as conn:
        row = _meta_row(req, conn, "volume:update_volume_metadata")
        _write_meta(req, conn, row, dict(meta))
    return {"metadata": dict(meta)}


async def metadata_item_show(req: Req) -> Any:
    key = req.params["key"]
    with req.cloud.store.read() as conn:
        row = _meta_row(req, conn, "volume:get_volume_metadata")
    if key not in (row["metadata"] or {}):
        raise ApiError(404, f"Volume {row['id']} has no metadata with key {key}.", "VolumeMetadataNotFound")
    return {"meta": {key: row["metadata"][key]}}


async def metadata_item_update(req: Req) -> Any:
    key, value = await common.meta_item(req)
    with req.cloud.store.begin() as conn:
        row = _meta_row(req, conn, "volume:update_volume_metadata")
        _write_meta(req, conn, row, {**(row["metadata"] or {}), key: value})
    return {"meta": {key: value}}


async def metadata_item_delete(req: Req) -> Any:
    key = req.params["key"]
    with req.cloud.store.begin() as conn:
        row = _meta_row(req, conn, "volume:delete_volume_metadata")
        current = dict(row["metadata"] or {})
        if key not in current:
            raise ApiError(404, f"Volume {row['id']} has no metadata with key {key}.", "VolumeMetadataNotFound")
        current.pop(key)
        _write_meta(req, conn, row, current)
    return empty(200)
