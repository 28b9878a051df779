"""Request bodies of ``/servers/{id}/tags`` (Nova's server_tags schemas)."""

from __future__ import annotations

from typing import Any

from twinstack.compute.schemas.servers import TAG

MAX_TAGS = 50

update_all: dict[str, Any] = {"type": "object", "properties": {"tags": {"type": "array", "items": TAG,
                                                                        "maxItems": MAX_TAGS}},
                              "required": ["tags"], "additionalProperties": False}
update = TAG
