"""``/v2/tsigkeys`` (admin): TSIG keys as Designate keeps them (objects/tsigkey.py: a name and secret of at
most 160 characters, one of its TSIG_ALGORITHMS, a ZONE or POOL scope and the resource's id). Nothing here
signs a transfer: there is no nameserver."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.dns import errors, manager
from twinstack.dns import tables as t
from twinstack.dns.api import common

ALGORITHMS = ["hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512"]
FIELDS: dict[str, Any] = {
    "name": {"type": "string", "minLength": 1, "maxLength": 160},
    "algorithm": {"type": "string", "enum": ALGORITHMS},
    "secret": {"type": "string", "minLength": 1, "maxLength": 160},
    "scope": {"type": "string", "enum": ["POOL", "ZONE"]},
    "resource_id": {"type": "string", "format": "uuid",
                    "pattern": "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"},
}
CREATE = {"type": "object", "additionalProperties": False, "properties": FIELDS,
          "required": ["name", "algorithm", "secret", "scope", "resource_id"]}
UPDATE = {"type": "object", "additionalProperties": False,
          "properties": {k: v for k, v in FIELDS.items() if k != "resource_id"}}


def _view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {**{k: row[k] for k in ("id", "name", "algorithm", "secret", "scope", "resource_id", "created_at",
                                   "updated_at")},
            "links": {"self": f"{req.base_url()}/v2/tsigkeys/{row['id']}"}}


def _find(conn: Any, key_id: str) -> dict[str, Any]:
    row = conn.execute(sa.select(t.tsigkeys).where(t.tsigkeys.c.id == key_id)).mappings().first()
    if row is None:
        raise errors.not_found("tsigkey", "TsigKey")
    return dict(row)


def _unique(conn: Any, name: str) -> None:
    if conn.execute(sa.select(t.tsigkeys.c.id).where(t.tsigkeys.c.name == name)).first() is not None:
        raise errors.duplicate("tsigkey", "TsigKey")


async def create(req: Req) -> Any:
    req.authorize("create_tsigkey", {})
    spec = await common.body(req, CREATE)
    row = {"id": uuid_str(), **spec, "created_at": manager.now(req.cloud), "updated_at": None}
    with req.cloud.store.begin() as conn:
        _unique(conn, spec["name"])
        conn.execute(t.tsigkeys.insert().values(**row))
    return json_response(_view(req, row), 201)


async def index(req: Req) -> Any:
    req.authorize("find_tsigkeys", {})
    with req.cloud.store.read() as conn:
        page = common.listing(req, conn, t.tsigkeys, sa.select(t.tsigkeys), "tsigkeys",
                              ("name", "algorithm", "scope"), ("created_at", "id", "updated_at", "name"),
                              lambda row: _view(req, row))
    return json_response(page)


async def show(req: Req) -> Any:
    req.authorize("get_tsigkey", {})
    with req.cloud.store.read() as conn:
        return json_response(_view(req, _find(conn, req.params["tsigkey_id"])))


async def update(req: Req) -> Any:
    req.authorize("update_tsigkey", {})
    spec = await common.body(req, UPDATE)
    with req.cloud.store.begin() as conn:
        row = _find(conn, req.params["tsigkey_id"])
        if "name" in spec and spec["name"] != row["name"]:
            _unique(conn, spec["name"])
        row = {**row, **spec, "updated_at": manager.now(req.cloud)}
        conn.execute(t.tsigkeys.update().where(t.tsigkeys.c.id == row["id"]).values(
            **{k: v for k, v in row.items() if k != "id"}))
    return json_response(_view(req, row))


async def delete(req: Req) -> Any:
    req.authorize("delete_tsigkey", {})
    with req.cloud.store.begin() as conn:
        row = _find(conn, req.params["tsigkey_id"])
        conn.execute(t.tsigkeys.delete().where(t.tsigkeys.c.id == row["id"]))
    return empty(204)
