"""Nova's os-keypairs: generate or import ssh and x509 keys per user, fingerprints computed from
the public key as Nova does (MD5 for ssh, SHA-1 of the certificate for x509)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import reject_unknown_query
from twinstack.compute.manager.crud import CRUD, NovaOps, NovaResource
from twinstack.compute.manager.keys import generate, ssh_fingerprint, x509_fingerprint
from twinstack.compute.schemas import keypairs as schemas
from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, json_response
from twinstack.core.resource import Attr
from twinstack.core.validation import validate

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def _create_schema(req: Req) -> dict[str, Any]:
    if req.at_least(2, 92):
        return schemas.create_v2_92
    if req.at_least(2, 10):
        return schemas.create_v2_10
    if req.at_least(2, 2):
        return schemas.create_v2_2
    return schemas.create


# -- the declaration ---------------------------------------------------------------------------
def _user(req: Req) -> str:
    """The user whose keys a request reads: its user_id parameter (an admin's, from 2.10) or the caller."""
    if req.at_least(2, 10) and req.query.get("user_id"):
        return str(req.query.getlist("user_id")[0])
    return req.context.user_id


class _Keypairs(NovaOps):
    """A user's keys, named by their name; the policy target is the user asked for."""

    def find(self, req: Req, conn: Connection) -> dict[str, Any]:
        user_id, name = _user(req), req.params["keypair_name"]
        row = conn.execute(sa.select(t.keypairs).where(t.keypairs.c.user_id == user_id,
                                                       t.keypairs.c.name == name)).first()
        if row is None:
            raise ApiError(404, f"Keypair {name} not found for user {user_id}", "KeypairNotFound")
        return dict(row._mapping)

    def check_query(self, req: Req, action: str) -> None:
        reject_unknown_query(req, {"user_id", "limit", "marker"} if action == "list" else {"user_id"})

    def policy_target(self, req: Req, row: dict[str, Any] | None) -> dict[str, Any]:
        return {"user_id": _user(req)}

    def list_query(self, req: Req) -> sa.Select[Any]:
        return sa.select(t.keypairs).where(t.keypairs.c.user_id == _user(req))

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        for row in rows:
            row.update(deleted=False, deleted_at=None, updated_at=None)

    def delete_status(self, req: Req) -> int:
        return 204 if req.at_least(2, 2) else 202


KEYPAIRS = NovaResource(
    "keypair", "keypairs", t.keypairs, [
        Attr("name"), Attr("public_key"), Attr("fingerprint"), Attr("user_id"), Attr("created_at"),
        Attr("deleted", column=None), Attr("deleted_at", column=None), Attr("id"),
        Attr("updated_at", column=None), Attr("type", min_version=(2, 2)),
    ], _Keypairs(), "Keypair", path="os-keypairs", key="name", policy="os_compute_api:os-keypairs",
    paging="marker", paging_since=(2, 35))
_INDEX = ("name", "public_key", "fingerprint", "type")  # a list shows less than show, each item wrapped
_CREATE = ("name", "public_key", "fingerprint", "user_id", "type")


def _list_item(req: Req, body: dict[str, Any]) -> dict[str, Any]:
    return {"keypair": {k: v for k, v in body.items() if k in _INDEX}}


index = CRUD.list_handler(KEYPAIRS, _list_item)
show = CRUD.show_handler(KEYPAIRS)
delete = CRUD.delete_handler(KEYPAIRS)


# -- handlers --------------------------------------------------------------------------------
async def create(req: Req) -> Any:
    from twinstack.compute.manager.quota import count_usage, limits_for

    body = validate(await req.json(), _create_schema(req))["keypair"]
    user_id = (body.get("user_id") if req.at_least(2, 10) else None) or req.context.user_id
    req.authorize("os_compute_api:os-keypairs:create", {"user_id": user_id})
    name = body["name"].strip()
    if not name:
        raise ApiError(400, "Keypair data is invalid: Keypair name must be string and between 1 and 255 "
                            "characters long", "InvalidKeypair")
    key_type = body.get("type", "ssh")
    private = None
    if "public_key" in body:
        public = body["public_key"]
        fingerprint = x509_fingerprint(public) if key_type == "x509" else ssh_fingerprint(public)
    else:
        private, public, fingerprint = generate(key_type, user_id, name)
    now = req.cloud.clock.now()
    with req.cloud.store.begin() as conn:
        limit = limits_for(conn, req.context.project_id or "", user_id).get("key_pairs", -1)
        used = count_usage(conn, req.context.project_id or "", user_id, ["key_pairs"])["key_pairs"]
        if limit >= 0 and used + 1 > limit:
            raise ApiError(403, "Quota exceeded, too many key pairs.", "KeypairLimitExceeded")
        if conn.execute(
            sa.select(t.keypairs.c.id).where(t.keypairs.c.user_id == user_id, t.keypairs.c.name == name)
        ).first():
            raise ApiError(409, f"Key pair '{name}' already exists.", "KeyPairExists")
        key = conn.execute(
            t.keypairs.insert().values(
                name=name, user_id=user_id, type=key_type, public_key=public, fingerprint=fingerprint, created_at=now
            )
        ).inserted_primary_key
        assert key is not None  # an INSERT of one row always has a key
        row = {"id": key[0], "name": name, "user_id": user_id, "type": key_type, "public_key": public,
               "fingerprint": fingerprint, "created_at": now}
        full = CRUD.render(req.cloud, conn, KEYPAIRS, [row], req.context, None, req.version)[0]
    view = {k: v for k, v in full.items() if k in _CREATE}
    if private is not None:
        view = {"private_key": private, **view}
    return json_response({"keypair": view}, 201 if req.at_least(2, 2) else 200)
