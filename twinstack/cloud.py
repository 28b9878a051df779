"""The cloud: settings, store, policy, clock, faults and the service providers, wired once.

Everything a request handler needs hangs off this object (``req.cloud``); it is the one place that
knows how to load a model, reset to it, and start or stop the services' background work.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from twinstack.config import Settings
from twinstack.core import ddl, ids, snapshots
from twinstack.core.clock import Clock
from twinstack.core.context import Context
from twinstack.core.errors import ApiError, ModelReferenceError
from twinstack.core.faults import FaultEngine, FaultRule
from twinstack.core.identity_backend import IdentityBackend
from twinstack.core.journal import Journal
from twinstack.core.policy import Policy
from twinstack.core.store import Store
from twinstack.model import loader
from twinstack.model.loader import ModelError
from twinstack.model.schema import CloudModel
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
                probe = path / f".twinstack-write-test-{os.getpid()}"  # API workers share a state dir
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
        ids.seed(settings.seed)
        self.clock = Clock(str(self.model.clock.get("mode", "real")))
        self.faults = FaultEngine(settings.seed)
        self.faults.effects["token_revoked"] = self._revoke_user_tokens
        self.journal = Journal()
        self.policy = Policy(settings.policy_dir)
        self.providers = providers()
        for provider in self.providers:
            self.policy.register(provider.name, provider.policies())
        self.identity = self._identity_backend()
        self.ready = False
        self._baseline_rows: snapshots.Tables | None = None
        self._baseline_copy: Any = None  # the model's database, copied in memory until the first reset

    @property
    def _baseline(self) -> snapshots.Tables | None:
        """The model's rows, which reset puts back. On SQLite they are read from an in-memory copy of the
        database made after the model loaded, on the first reset that needs them, not at start-up."""
        if self._baseline_rows is None and self._baseline_copy is not None:
            copy, self._baseline_copy = self._baseline_copy, None
            self._baseline_rows = snapshots.dump_copy(copy)
        return self._baseline_rows

    @_baseline.setter
    def _baseline(self, rows: snapshots.Tables | None) -> None:
        if self._baseline_copy is not None:
            self._baseline_copy.close()
            self._baseline_copy = None
        self._baseline_rows = rows

    # -- addresses ------------------------------------------------------------------------
    def public_url(self, prefix: str = "") -> str:
        return self.settings.base_url + prefix

    # -- auth -----------------------------------------------------------------------------
    def _identity_backend(self) -> IdentityBackend:
        """Tokens and catalog come from the one provider that issues tokens (Identity)."""
        for provider in self.providers:
            backend = provider.identity_backend(self)
            if backend is not None:
                return backend
        raise RuntimeError("no provider issues tokens: the cloud needs an identity service")

    def authenticate(self, token: str) -> Context:
        """The caller behind a token, or a 401 (the pipeline calls this for every request)."""
        return self.identity.authenticate(token)

    def _revoke_user_tokens(self, rule: FaultRule) -> None:
        user = rule.action.params.get("user") or rule.match.user or ""
        if not self.identity.revoke_user_tokens(user):
            raise ApiError(400, f"token_revoked: no user {user}")

    def on_request_done(self, scope: Any, status: int, elapsed: float) -> None:
        self.journal.record(scope, status, elapsed)

    def identity_changed(self) -> None:
        """Any write to identity data: roles and catalog caches start over."""
        self.identity.changed()

    # -- state ----------------------------------------------------------------------------
    def open(self) -> None:
        """Create the schema; load the model into an empty store, or keep what a state dir holds."""
        fresh = ddl.create_all(self.store)  # tables made in a new database: no state to keep, nothing to ask
        if not fresh:
            with self.store.read() as conn:
                fresh = not self.identity.has_state(conn)
        if fresh:
            self.load_model()
            with self.store.read() as conn:
                self._baseline_copy = snapshots.copy_database(conn)
                if self._baseline_copy is None:
                    self._baseline = snapshots.dump(conn)
        else:
            with self.store.begin() as conn:
                for provider in self.providers:
                    provider.reopen(self, conn)
        self.identity.load()
        self.identity_changed()

    def load_model(self) -> None:
        """Create everything the model declares, all in one transaction: all or nothing."""
        with self.store.begin() as conn:
            self._load_model(conn)

    def _load_model(self, conn: Any) -> None:
        try:
            for provider in self.providers:
                section = getattr(self.model, provider.name, None)
                provider.load_model(self, conn, section)
        except ModelReferenceError as exc:
            raise ModelError(", ".join(self.settings.models) or "default model", [str(exc)]) from None

    async def reset(self, model: CloudModel | None = None) -> None:
        """Back to the model (or to a new one): one transaction, so a bad model changes nothing.

        The first reset loads the model and keeps its rows in memory; later ones wipe and re-insert
        those rows, which is what keeps a reset in milliseconds."""
        baseline = None if model is not None else self._baseline
        with self.store.begin() as conn:
            snapshots.wipe(conn)
            if baseline is not None:
                snapshots.restore(conn, baseline)
            else:
                previous, self.model = self.model, model or self.model
                try:
                    self._load_model(conn)
                except Exception:
                    self.model = previous
                    raise
        await self._restart_in_memory()
        if baseline is None:
            with self.store.read() as conn:
                self._baseline = snapshots.dump(conn)

    async def load_tables(self, tables: snapshots.Tables) -> None:
        """Replace the whole state with ``tables`` (a snapshot), in one transaction."""
        with self.store.begin() as conn:
            snapshots.wipe(conn)
            snapshots.restore(conn, tables)
        await self._restart_in_memory()

    async def _restart_in_memory(self) -> None:
        for provider in reversed(self.providers):
            await provider.stop(self)
        for provider in self.providers:
            provider.reset(self)
        self.faults.clear()
        self.journal.clear()
        self.clock.reset(str(self.model.clock.get("mode", "real")))
        self.identity.load()
        self.identity_changed()
        for provider in self.providers:
            await provider.start(self)
        self._add_model_faults()

    def _add_model_faults(self) -> None:
        for rule in self.model.faults:
            self.faults.add(rule.model_copy(deep=True))

    async def start(self) -> None:
        for provider in self.providers:
            await provider.start(self)
        self._add_model_faults()
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
