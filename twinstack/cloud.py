"""The cloud: settings, store, policy, clock, faults and the service providers, wired once.

Everything a request handler needs hangs off this object (``req.cloud``); it is the one place that
knows how to load a model, reset to it, and start or stop the services' background work.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from twinstack.config import Settings
from twinstack.core.clock import Clock
from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.core.faults import FaultEngine
from twinstack.core.policy import Policy
from twinstack.core.store import Store
from twinstack.identity import tables as identity_tables
from twinstack.identity.bootstrap import ModelReferenceError, register_catalog
from twinstack.identity.catalog import Catalog
from twinstack.identity.tokens import Tokens, TokenNotValid
from twinstack.model import loader
from twinstack.model.loader import ModelError
from twinstack.services import providers

log = logging.getLogger("twinstack")


class StateDirError(Exception):
    """The state directory cannot be used."""


class Cloud:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._tempdir: str | None = None
        if settings.state_dir:
            path = Path(settings.state_dir)
            try:
                path.mkdir(parents=True, exist_ok=True)
                probe = path / ".twinstack-write-test"
                probe.write_text("")
                probe.unlink()
            except OSError as exc:
                raise StateDirError(f"state dir {path} is not usable: {exc.strerror or exc}") from None
            self.state_dir = path
        else:
            self._tempdir = tempfile.mkdtemp(prefix="twinstack-")
            self.state_dir = Path(self._tempdir)
        self.model = loader.load(settings.models)
        self.store = Store(settings.db or f"sqlite:///{self.state_dir / 'twinstack.db'}")
        self.clock = Clock()
        self.faults = FaultEngine()
        self.policy = Policy(settings.policy_dir)
        self.providers = providers()
        for provider in self.providers:
            self.policy.register(provider.name, provider.policies())
        self.tokens = Tokens(self)
        self.catalog = Catalog()
        self.ready = False

    # -- addresses ------------------------------------------------------------------------
    def public_url(self, prefix: str = "") -> str:
        return self.settings.base_url + prefix

    # -- auth -----------------------------------------------------------------------------
    def authenticate(self, token: str) -> Context:
        try:
            return self.tokens.validate(token)
        except TokenNotValid:
            raise ApiError(401, "The request you have made requires authentication.", "NotAuthenticated") from None

    def identity_changed(self) -> None:
        """Any write to identity data: roles and catalog caches start over."""
        self.tokens.changed()
        self.catalog.changed()

    # -- state ----------------------------------------------------------------------------
    def open(self) -> None:
        """Create the schema; load the model into an empty store, or keep what a state dir holds."""
        self.store.create_all()
        with self.store.read() as conn:
            fresh = conn.execute(sa.select(sa.func.count()).select_from(identity_tables.domains)).scalar() == 0
        if fresh:
            self.load_model()
        else:
            with self.store.begin() as conn:
                register_catalog(self, conn)
        self.tokens.load()
        self.identity_changed()

    def load_model(self) -> None:
        """Create everything the model declares, all in one transaction: all or nothing."""
        try:
            with self.store.begin() as conn:
                for provider in self.providers:
                    section = getattr(self.model, provider.name, None)
                    provider.load_model(self, conn, section)
        except ModelReferenceError as exc:
            raise ModelError(", ".join(self.settings.models) or "default model", [str(exc)]) from None

    def reset(self) -> None:
        """Back to the model: wipe the store, forget in-memory state, load the model again."""
        self.store.wipe()
        for provider in self.providers:
            provider.reset(self)
        self.load_model()
        self.tokens.load()
        self.identity_changed()

    async def start(self) -> None:
        for provider in self.providers:
            await provider.start(self)
        self.ready = True

    async def stop(self) -> None:
        self.ready = False
        for provider in reversed(self.providers):
            await provider.stop(self)

    def close(self) -> None:
        self.store.dispose()
        if self._tempdir:
            shutil.rmtree(self._tempdir, ignore_errors=True)

    def health(self) -> dict[str, Any]:
        return {p.name: p.health(self) for p in self.providers}
