"""One process's tie to the rest of its cluster: the bus to the broker, the shared state in the database,
and what to do when another process changes it. ``install`` fits a ``Cloud`` for a role: shared faults,
clock and journal, identity changes published, resets announced; ``middleware`` wraps the API app so
each request first takes what changed (one SELECT of the version row) and each identity write is
published before its answer leaves."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from twinstack.cluster import state
from twinstack.core.bus_rabbit import ClusterBus

log = logging.getLogger("twinstack.cluster")


class ClusterLink:
    def __init__(self, cloud: Any, transport_url: str, role: str, timeout: float = 60.0,
                 prefix: str = "twinstack") -> None:
        self.cloud = cloud
        self.role = role
        self.bus = ClusterBus(transport_url, role, timeout=timeout, prefix=prefix)
        self.seen: dict[str, int] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._connected = False

    # -- fitting the cloud ----------------------------------------------------------------------------
    def install(self) -> None:
        cloud = self.cloud
        state.create(cloud.store)
        effects = dict(cloud.faults.effects)
        self.faults = state.SharedFaults(cloud.store, cloud.settings.seed, lambda: self.publish("faults"))
        self.faults.effects.update(effects)
        cloud.faults = self.faults
        cloud.clock = state.SharedClock(cloud.clock.mode, lambda data: self.publish("clock", data))
        cloud.clock.apply(state.value(cloud.store, "clock"))
        cloud.journal = state.SharedJournal(cloud.store)
        cloud.on_request_done = lambda scope, status, elapsed: None  # recorded before the answer leaves
        cloud.cluster = self
        local_identity_changed = cloud.identity_changed

        def identity_changed() -> None:
            local_identity_changed()
            self.publish("identity")

        cloud.identity_changed = identity_changed
        for name in ("reset", "load_tables"):
            setattr(cloud, name, self._announcing(getattr(cloud, name)))
        start = cloud.start

        async def started() -> None:
            await self.connect()
            await start()

        cloud.start = started
        self.seen = state.versions(cloud.store)
        cloud.faults.reload()

    # -- the reset baseline, one for all processes -----------------------------------------------------
    @property
    def _baseline_file(self) -> Any:
        return self.cloud.state_dir / "cluster-baseline.pickle"

    def save_baseline(self) -> None:
        """The rows a reset restores, as the process that loaded the model made them: every worker
        restores the same ones (ids included), as `twinstack up`'s one process does."""
        import pickle

        baseline = self.cloud._baseline
        if baseline is not None:
            tmp = self._baseline_file.with_suffix(f".{os.getpid()}")
            tmp.write_bytes(pickle.dumps(baseline, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(self._baseline_file)

    def load_baseline(self) -> None:
        import pickle

        try:
            data = self._baseline_file.read_bytes()
        except FileNotFoundError:
            return
        self.cloud._baseline = pickle.loads(data)  # written by this cluster's own processes, in its state dir

    def _announcing(self, method: Any) -> Any:
        async def wrapped(*args: Any, **kwargs: Any) -> Any:
            self.faults.seeding = True  # this process reloads the model: its fault rules too
            before = self.cloud._baseline
            try:
                result = await method(*args, **kwargs)
            finally:
                self.faults.seeding = False
            if self.cloud._baseline is not before:  # a new model: a new baseline
                self.save_baseline()
            # the model travels with the reset: `model apply` on one worker is the model of all
            self.publish("epoch", {"model": self.cloud.model.model_dump(mode="json", exclude_defaults=True)})
            self.publish("identity")
            return result

        return wrapped

    async def connect(self) -> None:
        if not self._connected:
            await self.bus.connect()
            self.bus.on_broadcast(self._on_broadcast)
            self._connected = True

    # -- publishing and taking changes ------------------------------------------------------------------
    def publish(self, key: str, value: Any = None) -> None:
        """Write the new version (and value) now; tell the others at once over the fanout."""
        self.seen[key] = state.bump(self.cloud.store, key, value)
        if self._connected:
            self._spawn(self.bus.broadcast(key, {"value": value} if value is not None else {}))

    def sync(self) -> None:
        """Take every change another process made since this one last looked (once per request)."""
        current = state.versions(self.cloud.store)
        if current == self.seen:
            return
        changed = {k for k, v in current.items() if self.seen.get(k) != v}
        self.seen = current
        if "epoch" in changed:
            self._spawn(self.restart())
        if "identity" in changed:
            self.cloud.identity.load()
            self.cloud.identity.changed()
        if "faults" in changed:
            self.cloud.faults.reload()
        if "clock" in changed:
            self.cloud.clock.apply(state.value(self.cloud.store, "clock"))

    async def _on_broadcast(self, kind: str, data: dict[str, Any]) -> None:
        self.sync()

    async def restart(self) -> None:
        """Another process reset the cloud (or loaded a snapshot): drop what this one holds in memory,
        as ``Cloud._restart_in_memory`` does, without writing what the resetting process wrote."""
        from twinstack.model import loader

        cloud = self.cloud
        epoch = state.value(cloud.store, "epoch") or {}
        if epoch.get("model"):
            cloud.model = loader.validate(epoch["model"], "applied model")
        self.load_baseline()
        for provider in reversed(cloud.providers):
            await provider.stop(cloud)
        for provider in cloud.providers:
            provider.reset(cloud)
        cloud.identity.load()
        cloud.identity.changed()
        cloud.faults.reload()
        cloud.clock.apply(state.value(cloud.store, "clock"))
        for provider in cloud.providers:
            await provider.start(cloud)

    def _spawn(self, coro: Any) -> None:
        try:
            task = asyncio.get_running_loop().create_task(coro)
        except RuntimeError:
            coro.close()
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        await self.bus.close()

    # -- the API's middleware ------------------------------------------------------------------------------
    def middleware(self, app: ASGIApp) -> ASGIApp:
        cloud = self.cloud

        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            started = time.perf_counter()
            try:
                self.sync()
                if scope["path"].startswith("/_twinstack/faults"):
                    cloud.faults.reload()  # fired counts move without a version bump
            except Exception:
                log.warning("cluster state sync failed", exc_info=True)

            async def sending(message: Message) -> None:
                if message["type"] == "http.response.start":
                    if (scope.get("twinstack.service") == "identity" and scope["method"] not in ("GET", "HEAD")
                            and message["status"] < 400):
                        self.publish("identity")
                    cloud.journal.record(scope, message["status"], time.perf_counter() - started)
                await send(message)

            await app(scope, receive, sending)

        return wrapped
