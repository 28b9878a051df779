"""Loading Placement's part of a cloud: its model section is empty, so loading is seeding the
standard resource classes and traits (idempotent, run whenever the model loads)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.placement.manager import db

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def load(cloud: Cloud, conn: Connection, section: Any = None) -> None:
    """Providers and inventories come from Compute's hosts when they report; nothing else to load."""
    db.seed(cloud, conn)
