"""The version documents (barbican/api/controllers/versions.py), answered without a token: at microversion
1.0 (no header) ``/key-manager/`` is ``{"versions": {"values": [v1]}}`` with v1 ``stable`` and its media
types, from 1.1 a plain list with v1 ``CURRENT`` and its min/max microversions; both 300 Multiple
Choices. ``/key-manager/v1`` shows the same entry as ``{"version": ...}``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, json_response, public
from twinstack.key_manager.versions import MAX, MIN


def _entry(req: Req) -> tuple[dict[str, Any], bool]:
    """v1 as this request's microversion shows it, and whether that is 1.0's form."""
    legacy = not req.at_least(1, 1)
    entry: dict[str, Any] = {
        "id": "v1", "status": "CURRENT", "min_version": str(MIN), "max_version": str(MAX),
        "links": [{"rel": "self", "href": f"{req.base_url()}/v1/"},
                  {"rel": "describedby", "type": "text/html", "href": "https://docs.openstack.org/"}],
    }
    if legacy:
        del entry["min_version"], entry["max_version"]
        entry["status"] = "stable"
        entry["media-types"] = [{"base": "application/json",
                                 "type": "application/vnd.openstack.key-manager-v1+json"}]
    return entry, legacy


@public
async def versions(req: Req) -> Any:
    entry, legacy = _entry(req)
    return json_response({"versions": {"values": [entry]}} if legacy else {"versions": [entry]}, status=300)


@public
async def v1(req: Req) -> Any:
    return {"version": _entry(req)[0]}

