"""``GET /placement/``: the version document, answered without a token."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, public
from twinstack.placement.versions import MAX, MIN


@public
async def home(req: Req) -> Any:
    return {"versions": [{
        "id": "v1.0", "max_version": str(MAX), "min_version": str(MIN), "status": "CURRENT",
        "links": [{"rel": "self", "href": ""}],
    }]}
