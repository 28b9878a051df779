"""What the cloud needs from whichever service issues tokens (Identity), as a small interface, so
``cloud.py`` and the request pipeline reach tokens and the catalog without importing a service."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.engine import Connection

from twinstack.core.context import Context


class IdentityBackend(Protocol):
    """Implemented by the identity provider's backend; one per cloud."""

    def authenticate(self, token: str) -> Context:
        """The caller behind a token, or ``ApiError`` 401 (keystonemiddleware's answer)."""
        ...

    def revoke_user_tokens(self, user: str) -> bool:
        """Revoke every token of the user named by id or name; False when there is no such user."""
        ...

    def changed(self) -> None:
        """Identity data changed: cached role sets and the cached catalog start over."""
        ...

    def has_state(self, conn: Connection) -> bool:
        """True when the store already holds identity data (a kept state dir), so the model is not loaded."""
        ...

    def load(self) -> None:
        """Read what lives in the store but is kept in memory (token keys, revocation events)."""
        ...
