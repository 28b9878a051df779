"""Volume type encryption specs (admin): a type with them makes encrypted volumes (``encrypted``, and
``encryption_key_id`` from 3.64, a key id as Barbican would hand out)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.block_storage import errors, manager
from twinstack.block_storage import tables as t
from twinstack.block_storage.api import common
from twinstack.block_storage.schemas import encryption as schema
from twinstack.block_storage.views import ts
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate


def _view(row: Any, full: bool = True) -> dict[str, Any]:
    body = {"volume_type_id": row["type_id"], "encryption_id": row["encryption_id"], "provider": row["provider"],
            "cipher": row["cipher"], "key_size": row["key_size"], "control_location": row["control_location"]}
    if full:
        body.update(deleted=False, created_at=ts(row["created_at"]), updated_at=ts(row["updated_at"]),
                    deleted_at=None)
    return body


def _type(req: Req, conn: Any) -> dict[str, Any]:
    common.project_of(req)
    return manager.find_type(conn, req.params["type_id"], None if req.context.is_admin else req.context.project_id,
                             by_name=False)


def _in_use(conn: Any, type_id: str) -> bool:
    return conn.execute(sa.select(t.volumes.c.id).where(t.volumes.c.type_id == type_id).limit(1)).first() is not None


def _row(conn: Any, type_id: str) -> Any:
    return conn.execute(sa.select(t.type_encryption).where(t.type_encryption.c.type_id == type_id)).mappings().first()


async def show(req: Req) -> Any:
    req.authorize("volume_extension:volume_type_encryption", {"project_id": req.context.project_id})
    with req.cloud.store.read() as conn:
        row = _row(conn, _type(req, conn)["id"])
    return _view(row) if row is not None else {}


async def show_key(req: Req) -> Any:
    req.authorize("volume_extension:volume_type_encryption", {"project_id": req.context.project_id})
    key = req.params["key"]
    with req.cloud.store.read() as conn:
        row = _row(conn, _type(req, conn)["id"])
    if key == "encryption":
        return _view(row) if row is not None else {}
    if row is None or key not in schema.fields:
        raise ApiError(404, f"Volume type encryption for type {req.params['type_id']} does not exist.",
                       "VolumeTypeEncryptionNotFound")
    return {key: row[key]}


async def create(req: Req) -> Any:
    req.authorize("volume_extension:volume_type_encryption", {"project_id": req.context.project_id})
    spec = await common.body_member(req, "encryption")
    validate(spec, schema.create)
    with req.cloud.store.begin() as conn:
        vtype = _type(req, conn)
        if _row(conn, vtype["id"]) is not None:
            raise errors.bad_request(f"Volume type encryption for type {vtype['id']} already exists.")
        if _in_use(conn, vtype["id"]):
            raise errors.bad_request("Cannot create encryption specs. Volume type in use.")
        row = {"type_id": vtype["id"], "encryption_id": uuid_str(), "provider": spec["provider"],
               "cipher": spec.get("cipher"), "key_size": spec.get("key_size"),
               "control_location": spec.get("control_location", "front-end"), "created_at": manager.now(req.cloud),
               "updated_at": None}
        conn.execute(t.type_encryption.insert().values(**row))
    return {"encryption": _view(row, full=False)}


async def update(req: Req) -> Any:
    req.authorize("volume_extension:volume_type_encryption", {"project_id": req.context.project_id})
    spec = await common.body_member(req, "encryption")
    validate(spec, schema.update)
    with req.cloud.store.begin() as conn:
        vtype = _type(req, conn)
        row = _row(conn, vtype["id"])
        if row is None or row["encryption_id"] != req.params["key"]:
            raise ApiError(404, f"Volume type encryption for type {vtype['id']} does not exist.",
                           "VolumeTypeEncryptionNotFound")
        if _in_use(conn, vtype["id"]):
            raise errors.bad_request("Cannot update encryption specs. Volume type in use.")
        conn.execute(t.type_encryption.update().where(t.type_encryption.c.type_id == vtype["id"])
                     .values(updated_at=manager.now(req.cloud), **spec))
    return {"encryption": spec}


async def delete(req: Req) -> Any:
    req.authorize("volume_extension:volume_type_encryption", {"project_id": req.context.project_id})
    with req.cloud.store.begin() as conn:
        vtype = _type(req, conn)
        row = _row(conn, vtype["id"])
        if row is None or row["encryption_id"] != req.params["key"]:
            raise ApiError(404, f"Volume type encryption for type {vtype['id']} does not exist.",
                           "VolumeTypeEncryptionNotFound")
        if _in_use(conn, vtype["id"]):
            raise errors.bad_request("Cannot delete encryption specs. Volume type in use.")
        conn.execute(t.type_encryption.delete().where(t.type_encryption.c.type_id == vtype["id"]))
    return empty(202)
