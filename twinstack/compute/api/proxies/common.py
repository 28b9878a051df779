"""What the proxy APIs share: the 2.36 cap and the caller's policy target."""

from __future__ import annotations

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req


def capped(req: Req) -> None:
    """Nova removed the proxies at 2.36: from there on they are unknown resources."""
    if req.at_least(2, 36):
        raise ApiError(404, "The resource could not be found.")


def authorize(req: Req, rule: str, project_id: str | None = None) -> None:
    project = project_id or req.context.project_id
    req.authorize(f"os_compute_api:{rule}", {"project_id": project, "user_id": req.context.user_id})
