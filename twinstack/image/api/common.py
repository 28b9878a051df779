"""What Glance's handlers share: policy checks with Glance's answers (403, or 404 when the caller
may not even see the image), and fetching an image as the caller may see it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection
from starlette.responses import Response

from twinstack.core.pipeline import Req, empty
from twinstack.image import errors, manager, policies


def serialized_empty(status: int = 204) -> Response:
    """An empty 202/204 as Glance's ResponseSerializers make it: they set the status of a webob.Response
    built before them (glance/common/wsgi.py Resource), so webob's default Content-Type stays on it. A
    member's delete and the download of an image without data build their own and carry none."""
    return empty(status, {"Content-Type": "text/html; charset=UTF-8"})


def allowed(req: Req, rule: str, target: dict[str, Any]) -> bool:
    return req.cloud.policy.allowed(f"image:{rule}", target, req.context)


def enforce(req: Req, rule: str, target: dict[str, Any]) -> None:
    if not allowed(req, rule, target):
        raise errors.forbidden(f"You are not authorized to complete {rule} action.")


def image_target(req: Req, conn: Connection, image: dict[str, Any]) -> dict[str, str]:
    member = manager.is_member(conn, image["id"], req.context.project_id) is not None
    return policies.target(image, req.context.project_id, member)


def enforce_on_image(req: Req, conn: Connection, image: dict[str, Any], rule: str) -> dict[str, str]:
    """Glance's ImageAPIPolicy: a refused rule is a 404 when the caller may not get the image."""
    target = image_target(req, conn, image)
    if not allowed(req, rule, target):
        if rule == "get_image" or not allowed(req, "get_image", target):
            raise errors.image_not_found(image["id"])
        raise errors.forbidden(f"You are not authorized to complete {rule} action.")
    return target


def visibility_check(req: Req, visibility: str | None, target: dict[str, str]) -> None:
    """Making an image public or community is a policy of its own (publicize_image is admin-only)."""
    if visibility == "public":
        enforce(req, "publicize_image", target)
    elif visibility == "community":
        enforce(req, "communitize_image", target)


def get_image(req: Req, conn: Connection, image_id: str, rule: str = "get_image") -> dict[str, Any]:
    image = manager.get_visible(conn, req.context, image_id)
    enforce_on_image(req, conn, image, rule)
    return image
