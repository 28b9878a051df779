"""``/v1/containers``: generic, rsa and certificate containers of the project's secrets, their
``/secrets`` (generic only) and ``/consumers``."""

from __future__ import annotations

from typing import Any

from twinstack.core import ids
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.key_manager import errors, schemas, views
from twinstack.key_manager.api import common
from twinstack.key_manager.api.common import authorize, now
from twinstack.key_manager.manager import containers, secrets
from twinstack.key_manager.manager.quotas import check_quota


def load(req: Req, rule: str) -> dict[str, Any]:
    with req.cloud.store.read() as conn:
        row = containers.require(conn, req.params["container_id"])
    authorize(req, rule, row)
    return row


def _check_secrets(req: Req, conn: Any, refs: list[tuple[str, str]]) -> None:
    """Every referenced secret exists, lives and belongs to the caller's project, or Barbican's 404."""
    for name, secret_id in refs:
        row = secrets.get(conn, secret_id, now(req))
        if row is None or row["project_id"] != common.project(req):
            raise errors.secret_for_container_missing(name)


async def create(req: Req) -> Any:
    authorize(req, "containers:post")
    fields = schemas.new_container(await common.json_body(req))
    container_id, at = ids.uuid_str(), now(req)
    with req.cloud.store.begin() as conn:
        check_quota(conn, common.project(req), "containers")
        _check_secrets(req, conn, fields["refs"])
        containers.create(conn, {
            "id": container_id, "project_id": common.project(req), "creator_id": req.context.user_id,
            "name": fields["name"], "type": fields["type"], "created_at": at, "updated_at": at,
            "secret_refs": [{"name": n, "secret_id": s} for n, s in fields["refs"]]})
    return common.created(req, "containers", container_id, 201)


async def index(req: Req) -> Any:
    return common.listing(req, "containers", containers.listed, views.container)


async def show(req: Req) -> Any:
    return views.container(common.base(req), load(req, "container:get"))


async def delete(req: Req) -> Any:
    row = load(req, "container:delete")
    return common.deleted(req, containers.delete, row)


async def add_secret(req: Req) -> Any:
    """POST /containers/{id}/secrets: one more reference in a generic container."""
    row = load(req, "container_secret:post")
    if row["type"] != "generic":
        raise errors.invalid("Only 'generic' containers can be modified.")
    name, secret_id = schemas.secret_ref(await common.json_body(req))
    if any(r["name"] == name and r["secret_id"] == secret_id for r in row["secret_refs"]):
        raise errors.conflict("Conflict. A secret with that name and ID is already stored in this container.")
    with req.cloud.store.begin() as conn:
        _check_secrets(req, conn, [(name, secret_id)])
        containers.update(conn, row["id"], {"secret_refs": [*row["secret_refs"], {"name": name,
                                                                                   "secret_id": secret_id}],
                                            "updated_at": now(req)})
    ref = views.href(common.base(req), "containers", row["id"])
    return json_response({"container_ref": ref}, 201, {"Location": ref})


async def remove_secret(req: Req) -> Any:
    row = load(req, "container_secret:delete")
    if row["type"] != "generic":
        raise errors.invalid("Only 'generic' containers can be modified.")
    name, secret_id = schemas.secret_ref(await common.json_body(req))
    kept = [r for r in row["secret_refs"] if not (r["name"] == name and r["secret_id"] == secret_id)]
    if len(kept) == len(row["secret_refs"]):
        raise errors.not_found("container secret")
    with req.cloud.store.begin() as conn:
        containers.update(conn, row["id"], {"secret_refs": kept, "updated_at": now(req)})
    return empty(204)
