"""The console at ``/_twinstack/ui`` and the summaries it draws: hosts with their servers and Placement usage.

The page is three static files shipped in the package (``ui/``), no build step; its script reads the same
control-plane APIs the ``twinstack`` CLI uses, plus the two read-only summaries below, which answer for
the whole cloud in a fixed number of statements (a 10,000-host cloud costs the same two queries as a
4-host one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.responses import Response

from twinstack.compute import local as compute_local
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, public
from twinstack.placement import local as placement_local

UI_DIR = Path(__file__).with_name("ui")
ASSETS = {"console.js": "text/javascript", "console.css": "text/css"}


# the page loads its own two files and talks to its own origin, nothing else; no framing
POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
          "base-uri 'none'; frame-ancestors 'none'")


def _page(name: str, media_type: str) -> Response:
    # no-cache: a console served by a cloud that was just upgraded must not run yesterday's script
    return Response((UI_DIR / name).read_bytes(), media_type=media_type,
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff",
                             "Content-Security-Policy": POLICY})


@public
async def ui(req: Req) -> Any:
    return _page("index.html", "text/html; charset=utf-8")


@public
async def ui_asset(req: Req) -> Any:
    name = req.params["asset"]
    if name not in ASSETS:
        raise ApiError(404, f"No console file {name}.")
    return _page(name, ASSETS[name] + "; charset=utf-8")


def _total(hosts: list[dict[str, Any]]) -> dict[str, list[int]]:
    totals: dict[str, list[int]] = {}
    for host in hosts:
        for rc, (used, capacity) in host["usage"].items():
            pair = totals.setdefault(rc, [0, 0])
            pair[0] += used
            pair[1] += capacity
    return totals


@public
async def hosts(req: Req) -> Any:
    """Every compute host: name, zone, state (up, down, disabled), server count and usage per
    resource class as ``[used, capacity]``; with the cloud's totals."""
    with req.cloud.store.read() as conn:
        rows = compute_local.hosts_overview(req.cloud, conn)
        usage = placement_local.usage_overview(req.cloud, conn)
    for row in rows:
        row["usage"] = usage.get(row["uuid"], {})
    return {"hosts": rows, "count": len(rows), "servers": sum(r["servers"] for r in rows), "usage": _total(rows)}


@public
async def host_servers(req: Req) -> Any:
    host = req.params["host"]
    with req.cloud.store.read() as conn:
        servers = compute_local.servers_on_host(req.cloud, conn, host)
    if servers is None:
        raise ApiError(404, f"Compute host {host} could not be found.")
    return {"host": host, "servers": servers}


def _limit(req: Req, default: int, most: int) -> int:
    raw = req.query.get("limit")
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= most:
        raise ApiError(400, f"limit must be an integer from 1 to {most}.")
    return int(raw)


@public
async def find_servers(req: Req) -> Any:
    """Servers by id prefix or name fragment, each with its host: ``?search=web&limit=50``."""
    text = req.query.get("search", "").strip()
    if not text:
        raise ApiError(400, "Give the server to find: ?search=<name fragment or id prefix>.")
    if len(text) > 255:
        raise ApiError(400, "search is at most 255 characters.")
    limit = _limit(req, 50, 1000)
    with req.cloud.store.read() as conn:
        servers = compute_local.find_servers(req.cloud, conn, text, limit)
    return {"servers": servers}
