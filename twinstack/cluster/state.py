"""What ``twinstack up`` keeps in one process's memory, kept in the shared database for a cluster: fault
rules (with their fired counts, so "fail the first 2" counts across API workers), the clock, the request
journal, and a version per kind of state that every process compares once per request (one small
SELECT) to drop what it cached. The tables live on their own MetaData: snapshots and resets of the
cloud's data never touch them."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from starlette.types import Scope

from twinstack.core.clock import Clock
from twinstack.core.errors import ApiError
from twinstack.core.faults import IMMEDIATE_OUTCOMES, FaultEngine, FaultRule
from twinstack.core.journal import Journal
from twinstack.core.store import Store

metadata = sa.MetaData()

state = sa.Table(
    "twinstack_cluster_state", metadata,
    sa.Column("key", sa.String(32), primary_key=True),  # identity, faults, clock, epoch
    sa.Column("version", sa.Integer, nullable=False, default=0),
    sa.Column("value", sa.Text, nullable=True),
)
faults = sa.Table(
    "twinstack_cluster_faults", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Column("fired", sa.Integer, nullable=False, default=0),
)
journal = sa.Table(
    "twinstack_cluster_journal", metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("entry", sa.Text, nullable=False),
)
KEYS = ("identity", "faults", "clock", "epoch")


def create(store: Store) -> None:
    """The tables and their rows (idempotent: every role may call it)."""
    metadata.create_all(store.engine)
    with store.begin() as conn:
        have = {r[0] for r in conn.execute(sa.select(state.c.key))}
        for key in KEYS:
            if key not in have:
                try:
                    with conn.begin_nested():
                        conn.execute(state.insert().values(key=key, version=0, value=None))
                except sa.exc.IntegrityError:
                    pass  # another process made it first


@contextlib.contextmanager
def startup_lock(store: Store) -> Iterator[None]:
    """One process at a time opens the cloud (``Cloud.open`` repairs what an older store lacks, and two
    repairing at once would insert the same rows): an advisory lock of the database server."""
    with store.engine.connect() as conn:
        if store.dialect == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_lock(74010)"))
        elif store.dialect in ("mysql", "mariadb"):
            conn.execute(sa.text("SELECT GET_LOCK('twinstack_startup', 300)"))
        try:
            yield
        finally:
            if store.dialect == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_unlock(74010)"))
            elif store.dialect in ("mysql", "mariadb"):
                conn.execute(sa.text("SELECT RELEASE_LOCK('twinstack_startup')"))
            conn.commit()


def versions(store: Store) -> dict[str, int]:
    with store.read() as conn:
        return {r[0]: r[1] for r in conn.execute(sa.select(state.c.key, state.c.version))}


def bump(store: Store, key: str, value: Any = None) -> int:
    with store.begin() as conn:
        values: dict[str, Any] = {"version": state.c.version + 1}
        if value is not None:
            values["value"] = json.dumps(value)
        conn.execute(state.update().where(state.c.key == key).values(**values))
        return int(conn.execute(sa.select(state.c.version).where(state.c.key == key)).scalar() or 0)


def value(store: Store, key: str) -> Any:
    with store.read() as conn:
        raw = conn.execute(sa.select(state.c.value).where(state.c.key == key)).scalar()
    return json.loads(raw) if raw else None


class SharedFaults(FaultEngine):
    """The fault engine with its rules in the database: ``rules`` is this process's copy, reloaded
    when the ``faults`` version moves; a rule's fired count is incremented in the database."""

    def __init__(self, store: Store, seed: int | None, changed: Callable[[], None]) -> None:
        super().__init__(seed)
        self.store = store
        self.changed = changed
        self.seeding = False  # model rules are written once, by the process that loads the model

    def reload(self) -> None:
        with self.store.read() as conn:
            rows = conn.execute(sa.select(faults).order_by(faults.c.id)).all()
        rules = {}
        for row in rows:
            rule = FaultRule.model_validate_json(row.rule)
            rule.id, rule.fired = f"fault-{row.id}", row.fired
            rules[rule.id] = rule
        self.rules = rules

    def add(self, data: dict[str, Any] | FaultRule) -> FaultRule:
        if isinstance(data, FaultRule) and not self.seeding:
            return data  # a model rule, already written by the process that loaded the model
        rule = data if isinstance(data, FaultRule) else FaultRule.model_validate(data)
        rule.fired = 0
        with self.store.begin() as conn:
            inserted = conn.execute(faults.insert().values(rule=rule.model_dump_json(exclude={"id", "fired"}),
                                                           fired=0)).inserted_primary_key
            row_id = int(inserted[0]) if inserted else 0
        rule.id = f"fault-{row_id}"
        if rule.action.outcome in IMMEDIATE_OUTCOMES:
            effect = self.effects.get(rule.action.outcome)
            try:
                if effect is None:
                    raise ApiError(400, f"outcome {rule.action.outcome} is not available in this cloud")
                effect(rule)
            except Exception:
                with self.store.begin() as conn:
                    conn.execute(faults.delete().where(faults.c.id == row_id))
                raise
            rule.fired = 1
            with self.store.begin() as conn:
                conn.execute(faults.update().where(faults.c.id == row_id).values(fired=1))
        self.rules[rule.id] = rule
        self.changed()
        return rule

    def delete(self, rule_id: str) -> None:
        number = rule_id.removeprefix("fault-")
        with self.store.begin() as conn:
            gone = number.isdigit() and conn.execute(faults.delete().where(faults.c.id == int(number))).rowcount
        if not gone:
            raise ApiError(404, f"No fault rule {rule_id}.")
        self.rules.pop(rule_id, None)
        self.changed()

    def clear(self) -> None:
        with self.store.begin() as conn:
            conn.execute(faults.delete())
        self.rules = {}
        self.changed()

    def _takes(self, rule: FaultRule) -> bool:
        if rule.probability < 1.0 and self.rng.random() >= rule.probability:
            return False
        number = int(str(rule.id).removeprefix("fault-"))
        query = faults.update().where(faults.c.id == number)
        if rule.fail_first is not None:
            query = query.where(faults.c.fired < rule.fail_first)
        with self.store.begin() as conn:
            took = conn.execute(query.values(fired=faults.c.fired + 1)).rowcount == 1
        if took:
            rule.fired += 1
        return took

    def listing(self) -> list[dict[str, Any]]:
        self.reload()
        return super().listing()


class SharedClock(Clock):
    """The clock whose mode and offset every process applies: set here, published to the database and
    broadcast; ``apply`` takes another process's (and wakes the sleepers whose deadline passed)."""

    def __init__(self, mode: str, publish: Callable[[dict[str, Any]], None]) -> None:
        super().__init__(mode)
        self.publish = publish

    def snapshot(self) -> dict[str, Any]:
        return {"mode": self.mode, "offset": self.offset, "frozen_at": self._frozen_at.isoformat()}

    def apply(self, data: dict[str, Any] | None) -> None:
        if not data:
            return
        self.mode = data["mode"]
        self.offset = float(data["offset"])
        self._frozen_at = datetime.fromisoformat(data["frozen_at"])
        self._wake(float("inf") if self.mode == "real" else self.offset)

    def set_mode(self, mode: str) -> None:
        super().set_mode(mode)
        self.publish(self.snapshot())

    def advance(self, seconds: float) -> int:
        woken = super().advance(seconds)
        self.publish(self.snapshot())
        return woken

    def reset(self, mode: str = "real") -> None:
        super().reset(mode)
        self.publish(self.snapshot())


class SharedJournal(Journal):
    """The journal as rows: every API worker appends, any answers ``/_twinstack/journal``."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def record(self, scope: Scope, status: int, elapsed: float) -> None:
        super().record(scope, status, elapsed)
        if not self.entries:
            return
        entry = self.entries.pop()
        entry.pop("id", None)
        entry["time"] = time.time()
        with self.store.begin() as conn:
            if self.store.dialect == "postgresql":  # a journal line is not worth a WAL flush per request
                conn.execute(sa.text("SET LOCAL synchronous_commit TO OFF"))
            conn.execute(journal.insert().values(entry=json.dumps(entry, default=str)))

    def query(self, filters: dict[str, str], limit: int | None = None) -> list[dict[str, Any]]:
        since = int(filters.pop("since", 0) or 0)
        with self.store.read() as conn:
            rows = conn.execute(sa.select(journal).where(journal.c.id > since).order_by(journal.c.id)).all()
        out = []
        for row in rows:
            entry = {"id": row.id, **json.loads(row.entry)}
            if all(self._matches(entry, key, value) for key, value in filters.items()):
                out.append(entry)
        return out[-limit:] if limit else out

    def clear(self) -> None:
        with self.store.begin() as conn:
            conn.execute(journal.delete())
