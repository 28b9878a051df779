"""Tags on resources with standard attributes (standard-attr-tag): ``/v2.0/{resources}/{id}/tags``."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.pipeline import Handler, Req, empty
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base
from twinstack.network.manager.base import Resource


MAX_TAG = 255


def _check(tag: Any) -> str:
    if not isinstance(tag, str) or not tag or len(tag) > MAX_TAG or "," in tag or "/" in tag:
        raise E.bad(f"Invalid input for operation: '{tag}' is not a valid tag.", "InvalidInput")
    return tag


def _member(res: Resource, req: Req, conn: Any, write: bool) -> dict[str, Any]:
    row = base.get_visible(conn, res, req.params["id"], req.context)
    if write:
        base.authorize_owner(req.cloud, req.context, f"update_{res.singular}", row)
    return row


def routes(res: Resource) -> list[tuple[str, dict[str, Handler]]]:
    async def get_all(req: Req) -> Any:
        with req.cloud.store.read() as conn:
            row = _member(res, req, conn, False)
            return {"tags": base.tags_for(conn, [row["id"]])[row["id"]]}

    async def replace_all(req: Req) -> Any:
        body = await req.json()
        if not isinstance(body, dict) or not isinstance(body.get("tags"), list):
            raise E.bad("Invalid input for operation: Invalid tags body.", "InvalidInput")
        tags = list(dict.fromkeys(_check(x) for x in body["tags"]))
        with req.cloud.store.begin() as conn:
            row = _member(res, req, conn, True)
            conn.execute(t.tags.delete().where(t.tags.c.resource_id == row["id"]))
            if tags:
                conn.execute(t.tags.insert(), [{"resource_id": row["id"], "tag": x} for x in tags])
            base.bump(req.cloud, conn, res.table, row["id"])
        return {"tags": sorted(tags)}

    async def delete_all(req: Req) -> Any:
        with req.cloud.store.begin() as conn:
            row = _member(res, req, conn, True)
            conn.execute(t.tags.delete().where(t.tags.c.resource_id == row["id"]))
            base.bump(req.cloud, conn, res.table, row["id"])
        return empty(204)

    async def check_one(req: Req) -> Any:
        tag = req.params["tag"]
        with req.cloud.store.read() as conn:
            row = _member(res, req, conn, False)
            found = conn.execute(sa.select(t.tags.c.tag).where(t.tags.c.resource_id == row["id"],
                                                               t.tags.c.tag == tag)).first()
        if found is None:
            raise E.not_found("Tag", tag, f"Tag {tag} could not be found for {res.singular} {row['id']}.")
        return empty(204)

    async def add_one(req: Req) -> Any:
        tag = _check(req.params["tag"])
        with req.cloud.store.begin() as conn:
            row = _member(res, req, conn, True)
            exists = conn.execute(sa.select(t.tags.c.tag).where(t.tags.c.resource_id == row["id"],
                                                                t.tags.c.tag == tag)).first()
            if exists is None:
                conn.execute(t.tags.insert().values(resource_id=row["id"], tag=tag))
                base.bump(req.cloud, conn, res.table, row["id"])
        return empty(201)

    async def delete_one(req: Req) -> Any:
        tag = req.params["tag"]
        with req.cloud.store.begin() as conn:
            row = _member(res, req, conn, True)
            gone = conn.execute(t.tags.delete().where(t.tags.c.resource_id == row["id"], t.tags.c.tag == tag))
            if gone.rowcount == 0:
                raise E.not_found("Tag", tag, f"Tag {tag} could not be found for {res.singular} {row['id']}.")
            base.bump(req.cloud, conn, res.table, row["id"])
        return empty(204)

    path = f"/v2.0/{res.path}/{{id}}/tags"
    return [(path, {"GET": get_all, "PUT": replace_all, "DELETE": delete_all}),
            (path + "/{tag}", {"GET": check_one, "PUT": add_one, "DELETE": delete_one})]

