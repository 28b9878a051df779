"""Image sharing: the owner adds member projects to a ``shared`` image; each member accepts or
rejects it (an accepted image appears in the member's listings). A member sees only itself."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.image import errors, manager, views
from twinstack.image import tables as t
from twinstack.image.api import common

MEMBER_QUOTA = 128  # Glance's image_member_quota
STATUSES = ("pending", "accepted", "rejected")


def _lookup_image(req: Req, conn: Connection) -> dict[str, Any]:
    image_id = req.params["image_id"]
    image = manager.load(conn, image_id)
    if image is None or not manager.can_see(conn, image, req.context.project_id, req.context.is_admin):
        raise ApiError(404, f"Image {image_id} not found.", "ImageNotFound")
    return image


def _shared_only(image: dict[str, Any]) -> None:
    if image["visibility"] != "shared":
        raise errors.forbidden("Only shared images have members.")


def _member_row(conn: Connection, image_id: str, member_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.members).where(t.members.c.image_id == image_id,
                                                  t.members.c.member_id == member_id)).first()
    return dict(row._mapping) if row else None


def _visible_member(req: Req, conn: Connection, image: dict[str, Any], member_id: str) -> dict[str, Any]:
    """A member record as the caller may see it: owners and admins see all, a member only itself."""
    ctx = req.context
    target = common.image_target(req, conn, image)
    if not common.allowed(req, "get_member", target):
        raise errors.forbidden(f"You are not authorized to lookup the members of the image {image['id']}.")
    row = _member_row(conn, image["id"], member_id)
    mine = ctx.is_admin or image["owner"] == ctx.project_id or member_id == ctx.project_id
    if row is None or not mine:
        raise ApiError(404, f"{member_id} not found in the member list of the image {image['id']}.",
                       "NotFound")
    return row


async def create(req: Req) -> Any:
    body = await req.json(required=False)
    if body is None:
        raise ApiError(400, "Body expected in request.", "BadRequest")
    if not isinstance(body, dict) or "member" not in body:
        raise ApiError(400, "Member to be added not specified", "BadRequest")
    member_id = body["member"]
    if not isinstance(member_id, str):
        raise ApiError(400, 'Expected a member in the form: {"member": "image_id"}', "BadRequest")
    if not member_id.strip():
        raise ApiError(400, "Member can't be empty", "BadRequest")
    with req.cloud.store.begin() as conn:
        image = _lookup_image(req, conn)
        _shared_only(image)
        target = common.image_target(req, conn, image)
        if not common.allowed(req, "add_member", target):
            raise errors.forbidden(f"Not allowed to create members for image {image['id']}.")
        if _member_row(conn, image["id"], member_id) is not None:
            raise ApiError(409, f"Member {member_id} is duplicated for image {image['id']}", "Duplicate")
        count = conn.execute(sa.select(sa.func.count()).select_from(t.members).where(
            t.members.c.image_id == image["id"])).scalar() or 0
        if count + 1 > MEMBER_QUOTA:
            raise ApiError(413, f"Image member limit exceeded for image {image['id']}: The limit has been "
                                "exceeded on the number of allowed image members for this image. "
                                f"Attempted: {count + 1}, Maximum: {MEMBER_QUOTA}:", "LimitExceeded")
        now = req.cloud.clock.now()
        values = {"image_id": image["id"], "member_id": member_id, "status": "pending",
                  "created_at": now, "updated_at": now}
        conn.execute(t.members.insert().values(**values))
    return views.member(values)


async def update(req: Req) -> Any:
    body = await req.json(required=False)
    if body is None:
        raise ApiError(400, "Body expected in request.", "BadRequest")
    if not isinstance(body, dict) or "status" not in body:
        raise ApiError(400, "Status not specified", "BadRequest")
    status = body["status"]
    if not isinstance(status, str):
        raise ApiError(400, 'Expected a status in the form: {"status": "status"}', "BadRequest")
    member_id = req.params["member_id"]
    with req.cloud.store.begin() as conn:
        image = _lookup_image(req, conn)
        _shared_only(image)
        row = _visible_member(req, conn, image, member_id)
        target = common.image_target(req, conn, image)
        if not common.allowed(req, "modify_member", target) or (
                not req.context.is_admin and member_id != req.context.project_id):
            raise errors.forbidden(f"Not allowed to update members for image {image['id']}.")
        if status not in STATUSES:
            raise ApiError(400, f'Incorrect request: Status must be one of "pending", "accepted", "rejected", '
                                f"got '{status}'.", "BadRequest")
        now = req.cloud.clock.now()
        conn.execute(t.members.update().where(t.members.c.image_id == image["id"],
                                              t.members.c.member_id == member_id).values(status=status,
                                                                                        updated_at=now))
        row.update(status=status, updated_at=now)
    return views.member(row)


async def index(req: Req) -> Any:
    ctx = req.context
    with req.cloud.store.read() as conn:
        image = _lookup_image(req, conn)
        _shared_only(image)
        target = common.image_target(req, conn, image)
        if not common.allowed(req, "get_members", target):
            raise errors.forbidden(f"Not allowed to list members for image {image['id']}: "
                                   "You are not authorized to complete get_members action.")
        query = sa.select(t.members).where(t.members.c.image_id == image["id"])
        if not ctx.is_admin and image["owner"] != ctx.project_id:
            query = query.where(t.members.c.member_id == (ctx.project_id or ""))
        rows = [dict(r._mapping) for r in conn.execute(query.order_by(t.members.c.created_at))]
    return {"members": [views.member(r) for r in rows], "schema": "/v2/schemas/members"}


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        image = _lookup_image(req, conn)
        if image["visibility"] != "shared":
            raise ApiError(404, "Only shared images have members.", "NotFound")
        try:
            row = _visible_member(req, conn, image, req.params["member_id"])
        except ApiError as exc:
            raise ApiError(404, exc.message, "NotFound") from None
    return views.member(row)


async def delete(req: Req) -> Any:
    member_id = req.params["member_id"]
    with req.cloud.store.begin() as conn:
        image = _lookup_image(req, conn)
        _shared_only(image)
        _visible_member(req, conn, image, member_id)
        target = common.image_target(req, conn, image)
        if not common.allowed(req, "delete_member", target):
            raise errors.forbidden(f"Not allowed to delete members for image {image['id']}.")
        conn.execute(t.members.delete().where(t.members.c.image_id == image["id"],
                                              t.members.c.member_id == member_id))
    return empty(204)
