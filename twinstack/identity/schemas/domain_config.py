"""Domain-specific configuration: the ``{"config": {...}}`` body."""

from __future__ import annotations

from twinstack.identity.schemas.common import object_schema

CONFIG_BODY = object_schema({"config": {"type": "object"}}, required=("config",))
