"""core/ids.py: the id shapes each service uses, and --seed making them reproducible."""

from __future__ import annotations

import base64
import os
import re
import threading
import uuid
from collections.abc import Iterator

import pytest

from twinstack.core import ids


@pytest.fixture(autouse=True)
def unseeded() -> Iterator[None]:
    yield
    ids.seed(None)  # the module-level generator is shared: leave it truly random for other tests


def test_shapes() -> None:
    assert re.fullmatch(r"[0-9a-f]{32}", ids.hex_id())
    for value in [ids.uuid_str() for _ in range(200)]:  # random bits everywhere but the version's and variant's
        assert uuid.UUID(value).version == 4 and uuid.UUID(value).variant == uuid.RFC_4122
        assert str(uuid.UUID(value)) == value
    assert uuid.UUID(hex=ids.hex_id()).version == 4
    audit = ids.audit_id()
    assert len(audit) == 22 and "=" not in audit
    assert len(base64.urlsafe_b64decode(audit + "==")) == 16
    assert len(ids.random_bytes(5)) == 5


def test_a_seed_repeats_every_draw_and_unseeding_stops_that() -> None:
    def draws() -> tuple[str, ...]:
        return ids.hex_id(), ids.uuid_str(), ids.audit_id(), ids.random_bytes(4).hex(), str(ids.rng.random())

    ids.seed(42)
    first = draws()
    ids.seed(42)
    assert draws() == first
    ids.seed(43)
    assert draws() != first
    assert uuid.UUID(first[1]).version == 4  # seeded ids are still version-4 uuids
    ids.seed(None)
    assert ids.hex_id() != ids.hex_id()


def test_pooled_draws_are_fresh_in_a_forked_child() -> None:
    """Ids draw the kernel's random bytes from a pool: a child forked with bytes left in its parent's pool
    starts with an empty one, so the two never hand out the same values."""
    ids.uuid_str()  # the pool holds unused bytes now
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next ids, to the parent
        os.write(write, " ".join(ids.uuid_str() for _ in range(4)).encode())
        os._exit(0)
    os.close(write)
    child = os.read(read, 4096).decode().split()
    os.waitpid(pid, 0)
    os.close(read)
    assert len(child) == 4 and not set(child) & {ids.uuid_str() for _ in range(4)}


def test_pooled_random_draws_as_system_random() -> None:
    draws = [ids.rng.random() for _ in range(2000)]
    assert all(0.0 <= d < 1.0 for d in draws) and len(set(draws)) == 2000
    assert {ids.rng.getrandbits(3) for _ in range(500)} == set(range(8))
    assert ids.rng.getrandbits(0) == 0
    assert len(ids.rng.randbytes(5000)) == 5000  # past the pool's size
    assert len({ids.system.choice("ab") for _ in range(200)}) == 2
    with pytest.raises(ValueError):
        ids.rng.getrandbits(-1)
    ids.seed(7)
    assert ids.system.random() != ids.system.random()  # --seed leaves the system's draws random


def test_threads_drawing_at_once_never_share_bytes() -> None:
    drawn: list[str] = []

    def draw() -> None:
        drawn.extend(ids.uuid_str() for _ in range(3000))

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(drawn)) == len(drawn) == 12000
