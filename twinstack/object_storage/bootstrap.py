"""Nothing is seeded: a Swift account exists from its owner's first write (account_autocreate), as in
DevStack, where the object store starts empty."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def load(cloud: Cloud, conn: Connection, section: Any) -> None:
    """No model section yet; accounts, containers and objects come from the API."""
