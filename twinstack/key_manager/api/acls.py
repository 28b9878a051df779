"""``/v1/secrets/{id}/acl`` and ``/v1/containers/{id}/acl`` (barbican/api/controllers/acls.py): the read
ACL, users of any project it lets in and whether the owning project keeps access. PUT replaces it, PATCH
merges into it, DELETE goes back to the default (project access, no users)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twinstack.core.pipeline import Handler, Req, empty, json_response
from twinstack.key_manager import schemas, views
from twinstack.key_manager.api import common, containers, secrets
from twinstack.key_manager.manager import common as mcommon
from twinstack.key_manager.manager import containers as mcontainers
from twinstack.key_manager.manager import secrets as msecrets

DEFAULT = {"read": {"project-access": True}}


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    read = (row["acl"] or {}).get("read")
    if not read:
        return DEFAULT
    return {"read": {"users": read.get("users", []), "project-access": read.get("project-access", True),
                     "created": read["created"], "updated": read["updated"]}}


def _handlers(kind: str, load: Callable[..., dict[str, Any]], save: Callable[[Any, str, dict[str, Any]], None]
              ) -> dict[str, Handler]:
    """GET, PUT, PATCH and DELETE on the ACL of one kind of record (``secrets`` or ``containers``)."""
    rules = f"{kind[:-1]}_acls"

    async def get(req: Req) -> Any:
        return _shown(load(req, f"{rules}:get"))

    async def change(req: Req) -> Any:
        row = load(req, f"{rules}:put_patch")
        asked = schemas.acl(await common.json_body(req))
        at = mcommon.iso(common.now(req))
        old = (row["acl"] or {}).get("read") or {}
        base = {} if req.method == "PUT" else {k: v for k, v in old.items() if k in ("users", "project-access")}
        read = {"users": [], "project-access": True, **base, **asked, "created": old.get("created", at),
                "updated": at}
        with req.cloud.store.begin() as conn:
            save(conn, row["id"], {"acl": {"read": read}})
        return json_response({"acl_ref": f"{views.href(common.base(req), kind, row['id'])}/acl"})

    async def delete(req: Req) -> Any:
        row = load(req, f"{rules}:delete")
        with req.cloud.store.begin() as conn:
            save(conn, row["id"], {"acl": {}})
        return empty(200)

    return {"GET": get, "PUT": change, "PATCH": change, "DELETE": delete}


SECRET_ACL = _handlers("secrets", secrets.load, msecrets.update)
CONTAINER_ACL = _handlers("containers", containers.load, mcontainers.update)
