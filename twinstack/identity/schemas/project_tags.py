"""Project tags: PUT /v3/projects/{project_id}/tags."""

from __future__ import annotations

from twinstack.identity.schemas.common import TAG, TAGS, object_schema  # noqa: F401  (TAG: one tag in a PUT path)

REPLACE = object_schema({"tags": TAGS}, required=("tags",))
