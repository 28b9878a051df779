"""Placement's response bodies and headers, shaped per microversion (provider and resource class
bodies are declared in manager/: their fields and links)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from starlette.responses import Response

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response

INVENTORY_KEYS = ("total", "reserved", "min_unit", "max_unit", "step_size", "allocation_ratio")


def inventory(inv: dict[str, Any]) -> dict[str, Any]:
    return {k: inv[k] for k in INVENTORY_KEYS}


def http_date(value: datetime | None) -> str:
    value = value or datetime.now(UTC).replace(tzinfo=None)
    return format_datetime(value.replace(tzinfo=UTC), usegmt=True)


def respond(req: Req, payload: Any, status: int = 200, modified: datetime | None = None,
            headers: dict[str, str] | None = None) -> Response:
    """JSON with Placement's last-modified and cache-control headers from 1.15."""
    accept = req.headers.get("accept")
    if accept and payload is not None and req.method in ("GET", "HEAD"):
        offered = {part.split(";")[0].strip().lower() for part in accept.split(",")}
        if not offered & {"application/json", "application/*", "*/*"}:
            raise ApiError(406, "Only application/json is provided")
    out = dict(headers or {})
    if req.at_least(1, 15):
        out["last-modified"] = http_date(modified or req.cloud.clock.now())
        out["cache-control"] = "no-cache"
    if payload is None:
        return empty(status, out)
    return json_response(payload, status, out)
