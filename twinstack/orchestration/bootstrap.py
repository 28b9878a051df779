"""Nothing is seeded: DevStack's Heat starts with no stacks. Stacks a model declares are made at start
(provider.start), once the services they use run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def load(cloud: Cloud, conn: Connection, section: Any) -> None:
    """No rows at load time: a stack's resources need the other services running."""
