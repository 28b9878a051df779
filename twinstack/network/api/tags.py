"""Tags on resources with standard attributes (standard-attr-tag, tag-creation): ``/v2.0/{resources}/{id}/tags``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Handler, Req, empty, json_response
from twinstack.network.manager import base, tags
from twinstack.network.manager.base import Resource


def _member(res: Resource, req: Req, conn: Any, write: bool) -> dict[str, Any]:
    row = base.get_visible(conn, res, req.params["id"], req.context)
    if write:
        base.authorize_owner(req.cloud, req.context, f"update_{res.singular}", row)
    return row


def routes(res: Resource) -> list[tuple[str, dict[str, Handler]]]:
    async def get_all(req: Req) -> Any:
        with req.cloud.store.read() as conn:
            return {"tags": tags.of(conn, _member(res, req, conn, False))}

    async def replace_all(req: Req) -> Any:
        wanted = tags.check_body(await req.json())
        with req.cloud.store.begin() as conn:
            tags.replace(req.cloud, conn, res, _member(res, req, conn, True), wanted)
        return {"tags": wanted}  # the body, as the tag plugin's update_tags answers it

    async def add_many(req: Req) -> Any:
        """tag-creation: ``POST .../tags`` adds the tags the resource lacks; 201 with the body."""
        wanted = tags.check_body(await req.json())
        with req.cloud.store.begin() as conn:
            tags.add(req.cloud, conn, res, _member(res, req, conn, True), wanted)
        return json_response({"tags": wanted}, 201)

    async def delete_all(req: Req) -> Any:
        with req.cloud.store.begin() as conn:
            tags.replace(req.cloud, conn, res, _member(res, req, conn, True), [])
        return empty(204)

    async def check_one(req: Req) -> Any:
        with req.cloud.store.read() as conn:
            tags.has(conn, res, _member(res, req, conn, False), req.params["tag"])
        return empty(204)

    async def add_one(req: Req) -> Any:
        tag = tags.check(req.params["tag"])
        with req.cloud.store.begin() as conn:
            tags.add(req.cloud, conn, res, _member(res, req, conn, True), [tag])
        return empty(201)

    async def delete_one(req: Req) -> Any:
        with req.cloud.store.begin() as conn:
            tags.remove(req.cloud, conn, res, _member(res, req, conn, True), req.params["tag"])
        return empty(204)

    # neutron's tag extension names the collection alone: QoS policies' tags are /v2.0/policies/{id}/tags
    path = f"/v2.0/{res.path.rsplit('/', 1)[-1]}/{{id}}/tags"
    return [(path, {"GET": get_all, "PUT": replace_all, "POST": add_many, "DELETE": delete_all}),
            (path + "/{tag}", {"GET": check_one, "PUT": add_one, "DELETE": delete_one})]
