"""Identity's side of ``core.identity_backend``: one per cloud, it owns the token provider and the
catalog cache that the cloud and Identity's own handlers use."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.identity import errors
from twinstack.identity import tables as t
from twinstack.identity.catalog import Catalog
from twinstack.identity.tokens import TokenNotValid, Tokens

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


class KeystoneBackend:
    """Tokens and catalog of one cloud (implements ``twinstack.core.identity_backend.IdentityBackend``)."""

    def __init__(self, cloud: Cloud) -> None:
        self.cloud = cloud
        self.tokens = Tokens(cloud)
        self.catalog = Catalog()

    def authenticate(self, token: str) -> Context:
        try:
            return self.tokens.validate(token)
        except TokenNotValid:
            raise errors.not_authenticated() from None

    def revoke_user_tokens(self, user: str) -> bool:
        with self.cloud.store.read() as conn:
            row = conn.execute(sa.select(t.users.c.id).where(
                sa.or_(t.users.c.id == user, t.users.c.name == user))).first()
        if row is None:
            return False
        self.tokens.revoke(user_id=row.id)
        return True

    def changed(self) -> None:
        self.tokens.changed()
        self.catalog.changed()

    def has_state(self, conn: Connection) -> bool:
        return bool(conn.execute(sa.select(sa.func.count()).select_from(t.domains)).scalar())

    def load(self) -> None:
        self.tokens.load()


def of(cloud: Cloud) -> KeystoneBackend:
    """The cloud's identity backend, as Identity's own modules use it (tokens, catalog)."""
    backend = cloud.identity
    assert isinstance(backend, KeystoneBackend)
    return backend


def tokens_of(cloud: Cloud) -> Tokens:
    return of(cloud).tokens


def catalog_of(cloud: Cloud) -> Catalog:
    return of(cloud).catalog
