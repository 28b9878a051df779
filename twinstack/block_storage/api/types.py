"""Volume types: CRUD, extra specs, access to private types, the default type (``/types/default``)
and the per-project default types API (3.62)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.block_storage import errors, manager, views
from twinstack.block_storage import tables as t
from twinstack.block_storage.api import common
from twinstack.block_storage.schemas import types as schema
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pagination import parse_sort
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate

# what a non-admin sees of a type's extra specs (cinder's user-visible keys)
USER_VISIBLE_SPECS = ("multiattach", "RESKEY:availability_zones", "replication_enabled")


def _view(req: Req, row: dict[str, Any], kind: str = "show") -> dict[str, Any]:
    body = views.volume_type(req, row, kind)
    if not req.context.is_admin:
        body["extra_specs"] = {k: v for k, v in body["extra_specs"].items() if k in USER_VISIBLE_SPECS}
    return body


def _find(req: Req, conn: Any) -> dict[str, Any]:
    ctx = req.context
    return manager.find_type(conn, req.params["type_id"], None if ctx.is_admin else ctx.project_id)


async def index(req: Req) -> Any:
    common.project_of(req)
    ctx = req.context
    sort = parse_sort(req.query, {"id", "name", "created_at", "is_public", "description"},
                      [("created_at", "asc"), ("name", "asc")])
    query = sa.select(t.types).order_by(*[getattr(t.types.c[k], d)() for k, d in sort])
    is_public = req.query.get("is_public")
    if ctx.is_admin:
        if is_public is not None and is_public.lower() != "none":
            query = query.where(t.types.c.is_public.is_(to_bool(is_public)))
    else:
        access = sa.select(t.type_access.c.type_id).where(t.type_access.c.project_id == ctx.project_id)
        query = query.where(sa.or_(t.types.c.is_public.is_(True), t.types.c.id.in_(access)))
    wanted: dict[str, str] = {}
    if req.query.get("extra_specs") and req.at_least(3, 52):
        wanted = common.dict_filter(req.query["extra_specs"])
        if not req.context.is_admin and any(k not in USER_VISIBLE_SPECS for k in wanted):
            wanted = {"__never__": ""}  # non-admins may only filter on the specs they can see
    with req.cloud.store.read() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    if wanted:
        rows = [r for r in rows if all((r["extra_specs"] or {}).get(k) == v for k, v in wanted.items())]
    return {"volume_types": [_view(req, r) for r in rows]}


async def show(req: Req) -> Any:
    common.project_of(req)
    with req.cloud.store.read() as conn:
        return {"volume_type": _view(req, _find(req, conn))}


async def default(req: Req) -> Any:
    project_id = common.project_of(req)
    with req.cloud.store.read() as conn:
        row = manager.default_type(req.cloud, conn, project_id)
    if row is None:
        raise ApiError(404, "Default volume type can not be found.", "VolumeTypeNotFound")
    return {"volume_type": _view(req, row)}


async def create(req: Req) -> Any:
    common.project_of(req)
    req.authorize("volume_extension:type_create", {"project_id": req.context.project_id})
    spec = await common.body_member(req, "volume_type")
    validate(spec, schema.create)
    stamp = manager.now(req.cloud)
    row = {"id": uuid_str(), "name": spec["name"].strip(), "description": spec.get("description"),
           "is_public": to_bool(spec.get("os-volume-type-access:is_public", True)),
           "extra_specs": {k: str(v) for k, v in (spec.get("extra_specs") or {}).items()}, "qos_specs_id": None,
           "created_at": stamp, "updated_at": None}
    with req.cloud.store.begin() as conn:
        if conn.execute(sa.select(t.types.c.id).where(t.types.c.name == row["name"])).first() is not None:
            raise ApiError(409, f"Volume Type {row['name']} already exists.", "VolumeTypeExists")
        conn.execute(t.types.insert().values(**row))
    return {"volume_type": _view(req, row, "create")}


async def update(req: Req) -> Any:
    common.project_of(req)
    req.authorize("volume_extension:type_update", {"project_id": req.context.project_id})
    spec = await common.body_member(req, "volume_type")
    validate(spec, schema.update)
    if not any(k in spec for k in ("name", "description", "is_public")):
        raise errors.bad_request("Specify volume type name, description, is_public or a combination thereof.")
    with req.cloud.store.begin() as conn:
        row = _find(req, conn)
        values: dict[str, Any] = {"updated_at": manager.now(req.cloud)}
        if spec.get("name"):
            name = spec["name"].strip()
            clash = conn.execute(
                sa.select(t.types.c.id).where(t.types.c.name == name, t.types.c.id != row["id"])
            ).first()
            if clash is not None:
                raise ApiError(409, f"Volume Type {name} already exists.", "VolumeTypeExists")
            values["name"] = name
        if "description" in spec:
            values["description"] = spec["description"]
        if "is_public" in spec:
            values["is_public"] = to_bool(spec["is_public"])
        conn.execute(t.types.update().where(t.types.c.id == row["id"]).values(**values))
        row.update(values)
    return {"volume_type": _view(req, row, "update")}


async def delete(req: Req) -> Any:
    project_id = common.project_of(req)
    req.authorize("volume_extension:type_delete", {"project_id": project_id})
    with req.cloud.store.begin() as conn:
        row = _find(req, conn)
        default = manager.default_type(req.cloud, conn, project_id)
        if (default is not None and default["id"] == row["id"]) or row["name"] == "__DEFAULT__":
            raise errors.bad_request("Default volume type can not be deleted")
        in_use = conn.execute(sa.select(t.volumes.c.id).where(t.volumes.c.type_id == row["id"]).limit(1)).first()
        if in_use is not None:
            raise errors.bad_request("Target volume type is still in use.")
        conn.execute(t.types.delete().where(t.types.c.id == row["id"]))
    return empty(202)


# -- extra specs -----------------------------------------------------------------------------------
async def specs_index(req: Req) -> Any:
    common.project_of(req)
    with req.cloud.store.read() as conn:
        return {"extra_specs": _view(req, _find(req, conn))["extra_specs"]}


async def specs_create(req: Req) -> Any:
    common.project_of(req)
    req.authorize("volume_extension:types_extra_specs:create", {"project_id": req.context.project_id})
    specs = await common.body_member(req, "extra_specs", schema.specs)
    specs = {k: str(v) for k, v in specs.items()}
    with req.cloud.store.begin() as conn:
        row = _find(req, conn)
        merged = {**(row["extra_specs"] or {}), **specs}
        conn.execute(t.types.update().where(t.types.c.id == row["id"]).values(extra_specs=merged))
    return {"extra_specs": specs}


async def spec_show(req: Req) -> Any:
    common.project_of(req)
    key = req.params["key"]
    with req.cloud.store.read() as conn:
        specs = _view(req, _find(req, conn))["extra_specs"]
    if key not in specs:
        raise ApiError(
            404,
            f"Volume Type {req.params['type_id']} has no extra specs with key {key}.",
            "VolumeTypeExtraSpecsNotFound",
        )
    return {key: specs[key]}


async def spec_update(req: Req) -> Any:
    common.project_of(req)
    req.authorize("volume_extension:types_extra_specs:update", {"project_id": req.context.project_id})
    key = req.params["key"]
    body = await req.json()
    if not isinstance(body, dict) or key not in body:
        raise errors.bad_request("Request body and URI mismatch")
    if len(body) > 1:
        raise errors.bad_request("Request body contains too many items")
    validate(body, schema.specs)
    with req.cloud.store.begin() as conn:
        row = _find(req, conn)
        merged = {**(row["extra_specs"] or {}), key: str(body[key])}
        conn.execute(t.types.update().where(t.types.c.id == row["id"]).values(extra_specs=merged))
    return {key: str(body[key])}


async def spec_delete(req: Req) -> Any:
    common.project_of(req)
    req.authorize("volume_extension:types_extra_specs:delete", {"project_id": req.context.project_id})
    key = req.params["key"]
    with req.cloud.store.begin() as conn:
        row = _find(req, conn)
        specs = dict(row["extra_specs"] or {})
        if key not in specs:
            raise ApiError(
                404, f"Volume Type {row['id']} has no extra specs with key {key}.", "VolumeTypeExtraSpecsNotFound"
            )
        specs.pop(key)
        conn.execute(t.types.update().where(t.types.c.id == row["id"]).values(extra_specs=specs))
    return empty(202)


# -- access ----------------------------------------------------------------------------------------
async def access_index(req: Req) -> Any:
    common.project_of(req)
    req.authorize("volume_extension:volume_type_access:get_all_for_type", {"project_id": req.context.project_id})
    with req.cloud.store.read() as conn:
        row = _find(req, conn)
        if row["is_public"]:
            raise ApiError(404, "Access list not available for public volume types.", "VolumeTypeAccessNotFound")
        projects = [
            r[0]
            for r in conn.execute(sa.select(t.type_access.c.project_id).where(t.type_access.c.type_id == row["id"]))
        ]
    return {"volume_type_access": [{"volume_type_id": row["id"], "project_id": p} for p in projects]}


async def action(req: Req) -> Any:
    common.project_of(req)
    body = await req.json()
    if not isinstance(body, dict) or len(body) != 1:
        raise errors.bad_request("Malformed request body")
    name, arg = next(iter(body.items()))
    if name not in ("addProjectAccess", "removeProjectAccess"):
        raise errors.bad_request(f"There is no such action: {name}")
    req.authorize(f"volume_extension:volume_type_access:{name}", {"project_id": req.context.project_id})
    project = arg.get("project") if isinstance(arg, dict) else None
    if not project:
        raise errors.bad_request("Missing required element 'project' in request body.")
    if not isinstance(project, str) or len(project) > 64:
        raise errors.bad_request(f"Invalid input for field/attribute project. Value: {project!r}.")
    with req.cloud.store.begin() as conn:
        row = _find(req, conn)
        if row["is_public"]:
            raise errors.bad_request(
                "Invalid volume type: Type access modification is not applicable to public volume type."
            )
        exists = conn.execute(
            sa.select(t.type_access.c.project_id).where(
                t.type_access.c.type_id == row["id"], t.type_access.c.project_id == project
            )
        ).first()
        if name == "addProjectAccess":
            if exists is not None:
                raise ApiError(
                    409,
                    f"Volume type access for {row['id']} / {project} combination already exists.",
                    "VolumeTypeAccessExists",
                )
            conn.execute(t.type_access.insert().values(type_id=row["id"], project_id=project))
        else:
            if exists is None:
                raise ApiError(
                    404,
                    f"Volume type access not found for {row['id']} / {project} combination.",
                    "VolumeTypeAccessNotFound",
                )
            conn.execute(
                t.type_access.delete().where(
                    t.type_access.c.type_id == row["id"], t.type_access.c.project_id == project
                )
            )
    return empty(202)


# -- default types (3.62) --------------------------------------------------------------------------
def _need_362(req: Req) -> None:
    if not req.at_least(3, 62):
        raise ApiError(404, "The resource could not be found.", "HTTPNotFound")


def _default_view(project_id: str, type_id: str) -> dict[str, Any]:
    return {"project_id": project_id, "volume_type_id": type_id}


async def default_set(req: Req) -> Any:
    _need_362(req)
    req.authorize("volume_extension:default_set_or_update", {"project_id": req.params["target_project"]})
    spec = await common.body_member(req, "default_type")
    validate(spec, schema.default_set)
    with req.cloud.store.begin() as conn:
        row = manager.find_type(conn, spec["volume_type"])
        target = req.params["target_project"]
        conn.execute(t.default_types.delete().where(t.default_types.c.project_id == target))
        conn.execute(t.default_types.insert().values(project_id=target, type_id=row["id"]))
    return {"default_type": _default_view(target, row["id"])}


async def default_get(req: Req) -> Any:
    _need_362(req)
    target = req.params["target_project"]
    req.authorize("volume_extension:default_get", {"project_id": target})
    with req.cloud.store.read() as conn:
        type_id = conn.execute(
            sa.select(t.default_types.c.type_id).where(t.default_types.c.project_id == target)
        ).scalar()
    if type_id is None:
        raise ApiError(404, f"Default type for project {target} could not be found.", "VolumeTypeDefaultNotFound")
    return {"default_type": _default_view(target, type_id)}


async def default_list(req: Req) -> Any:
    _need_362(req)
    req.authorize("volume_extension:default_get_all", {"project_id": req.context.project_id})
    with req.cloud.store.read() as conn:
        rows = conn.execute(sa.select(t.default_types)).all()
    return {"default_types": [_default_view(p, tid) for p, tid in rows]}


async def default_unset(req: Req) -> Any:
    _need_362(req)
    target = req.params["target_project"]
    req.authorize("volume_extension:default_unset", {"project_id": target})
    with req.cloud.store.begin() as conn:
        conn.execute(t.default_types.delete().where(t.default_types.c.project_id == target))
    return empty(204)
