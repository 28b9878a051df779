"""Nothing is seeded: DevStack's Barbican starts with no secrets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def load(cloud: Cloud, conn: Connection, section: Any) -> None:
    """No model section yet; secrets, containers and orders come from the API."""
