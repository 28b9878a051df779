"""Volume transfers (``/os-volume-transfer``, and ``/volume-transfers`` from 3.55): the giver creates
one and gets an auth key once; another project accepts with it and becomes the owner."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

import sqlalchemy as sa

from twinstack.block_storage import errors, manager, views
from twinstack.block_storage import tables as t
from twinstack.block_storage.api import common
from twinstack.block_storage.manager import quotas
from twinstack.block_storage.schemas import transfers as schema
from twinstack.core.convert import to_bool
from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.resource import Attr
from twinstack.core.validation import validate


def _hash(salt: str, key: str) -> str:
    return hashlib.sha256((salt + key).encode()).hexdigest()


def _find(req: Req, conn: Any, any_project: bool = False) -> dict[str, Any]:
    query = sa.select(t.transfers).where(t.transfers.c.id == req.params["transfer_id"])
    owner = None if any_project else common.owner_filter(req)
    if owner is not None:
        query = query.where(t.transfers.c.project_id == owner)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise errors.transfer_not_found(req.params["transfer_id"])
    return dict(row)


async def create(req: Req) -> Any:
    common.project_of(req)
    spec = await common.body_member(req, "transfer")
    validate(spec, schema.create)
    with req.cloud.store.begin() as conn:
        vol = manager.find_volume(conn, spec["volume_id"], common.owner_filter(req))
        common.authorize(req, "volume:create_transfer", vol["project_id"])
        if vol["status"] != "available":
            raise errors.invalid_volume("status must be available")
        key = secrets.token_hex(8)
        salt = secrets.token_hex(8)
        row = {"id": uuid_str(), "volume_id": vol["id"], "project_id": vol["project_id"], "name": spec.get("name"),
               "salt": salt, "crypt_hash": _hash(salt, key),
               "no_snapshots": to_bool(spec.get("no_snapshots", False)) if req.at_least(3, 55) else False,
               "created_at": manager.now(req.cloud)}
        conn.execute(t.transfers.insert().values(**row))
        conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(status="awaiting-transfer"))
    return json_response({"transfer": views.transfer(req, row, auth_key=key)}, 202)


async def accept(req: Req) -> Any:
    project_id = common.project_of(req)
    spec = await common.body_member(req, "accept")
    validate(spec, schema.accept)
    with req.cloud.store.begin() as conn:
        row = _find(req, conn, any_project=True)
        common.authorize(req, "volume:accept_transfer", project_id)
        if not hmac.compare_digest(_hash(row["salt"], spec["auth_key"]), row["crypt_hash"]):
            raise errors.bad_request(f"Invalid auth key: Attempt to transfer {row['id']} with invalid auth key.")
        vol = manager.find_volume(conn, row["volume_id"])
        if vol["status"] != "awaiting-transfer":
            raise errors.invalid_volume(f"Transfer {row['id']}: Volume id {vol['id']} unexpected status "
                                        f"{vol['status']}, expected awaiting-transfer")
        type_name = conn.execute(sa.select(t.types.c.name).where(t.types.c.id == vol["type_id"])).scalar()
        quotas.check(req.cloud, conn, project_id, {"volumes": 1, "gigabytes": vol["size"]}, type_name)
        conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(
            project_id=project_id, user_id=req.context.user_id, status="available", updated_at=manager.now(req.cloud)))
        if row["no_snapshots"]:
            conn.execute(t.snapshots.delete().where(t.snapshots.c.volume_id == vol["id"]))
        else:
            conn.execute(t.snapshots.update().where(t.snapshots.c.volume_id == vol["id"])
                         .values(project_id=project_id, user_id=req.context.user_id))
        conn.execute(t.transfers.delete().where(t.transfers.c.id == row["id"]))
    return json_response({"transfer": views.transfer(req, row, detail=False)}, 202)


LISTING = common.Listing("transfers", t.transfers, (
    Attr("id", sort=True), Attr("name", filter=True, sort=True), Attr("volume_id", filter=True, sort=True),
    Attr("created_at", sort=True)), project_filter=False, empty_filters=False)


async def _list(req: Req, detail: bool) -> Any:
    project_id = common.project_of(req)
    common.authorize(req, "volume:get_all_transfers", project_id)
    return common.run_list(req, LISTING, lambda conn, rows: [views.transfer(req, r, detail) for r in rows])


async def index(req: Req) -> Any:
    return await _list(req, False)


async def detail(req: Req) -> Any:
    return await _list(req, True)


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _find(req, conn)
    common.authorize(req, "volume:get_transfer", row["project_id"])
    return {"transfer": views.transfer(req, row)}


async def delete(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _find(req, conn)
        common.authorize(req, "volume:delete_transfer", row["project_id"])
        conn.execute(t.transfers.delete().where(t.transfers.c.id == row["id"]))
        conn.execute(t.volumes.update().where(t.volumes.c.id == row["volume_id"],
                                              t.volumes.c.status == "awaiting-transfer").values(status="available"))
    return empty(202)
