"""Identifiers, as OpenStack services make them (hex uuid for Keystone, dashed uuid elsewhere).

With ``--seed`` every id (and anything else drawn from ``rng``: MACs, IP choices, fault
probabilities, fake timings) is reproducible run to run.
"""

from __future__ import annotations

import base64
import os
import random
import threading
import uuid


class _Pool:
    """The kernel's random bytes, read 4 KiB at a time and handed out in order, never twice.

    A boot/delete cycle draws ~25 small values (ids, request ids, a MAC, an admin password), and
    ``os.urandom`` is one system call each: here they cost one call per ~250 of them. The bytes are the
    same CSPRNG output ``os.urandom`` gives; a forked child starts with an empty pool, so that parent and
    child never hand out the same bytes."""

    __slots__ = ("at", "buffer", "lock")

    SIZE = 4096

    def __init__(self) -> None:
        self.buffer, self.at = b"", 0
        self.lock = threading.Lock()  # two threads taking at once must not get the same bytes

    def take(self, n: int) -> bytes:
        if n > self.SIZE:
            return os.urandom(n)
        with self.lock:
            at = self.at
            if at + n > len(self.buffer):
                self.buffer, at = os.urandom(self.SIZE), 0
            self.at = at + n
            return self.buffer[at:at + n]

    def clear(self) -> None:
        self.buffer, self.at, self.lock = b"", 0, threading.Lock()  # the parent's lock may be held in a child


_pool = _Pool()
os.register_at_fork(after_in_child=_pool.clear)


def urandom(n: int) -> bytes:
    """``os.urandom(n)`` from the pool (for ids and other values that are random but not secrets; keys,
    nonces and password salts still call ``os.urandom`` themselves)."""
    return _pool.take(n)


class _PooledRandom(random.SystemRandom):
    """SystemRandom drawing its bytes from the pool: the same methods and distributions."""

    def random(self) -> float:
        return (int.from_bytes(_pool.take(7)) >> 3) * 2.0 ** -53  # as SystemRandom.random

    def getrandbits(self, k: int) -> int:
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        numbytes = (k + 7) // 8
        return int.from_bytes(_pool.take(numbytes)) >> (numbytes * 8 - k)  # as SystemRandom.getrandbits

    def randbytes(self, n: int) -> bytes:
        return _pool.take(n)


system: random.Random = _PooledRandom()  # the kernel's randomness whatever --seed says (an admin password)

rng: random.Random = system  # unseeded, the same stateless draws; seed() replaces it
_seeded = False


def seed(value: int | None) -> None:
    """Make every later id and random choice follow ``value`` (None: true randomness again)."""
    global rng, _seeded
    if value is None:
        rng, _seeded = system, False
    else:
        rng, _seeded = random.Random(value), True


def _uuid() -> uuid.UUID:
    if _seeded:
        return uuid.UUID(int=rng.getrandbits(128), version=4)
    return uuid.uuid4()


# A random (version 4, RFC 4122 variant) UUID's 128 bits: uuid.UUID checks and stores what these set directly,
# and formatting it costs ~5 us of the ~7 an id took; a boot/delete cycle makes several.
_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_SET = (0x4000 << 64) | (0x8000 << 48)


def _uuid_hex() -> str:
    if _seeded:
        return _uuid().hex
    return "%032x" % (int.from_bytes(_pool.take(16)) & _CLEAR | _SET)


def hex_id() -> str:
    """Keystone's ids: 32 hex characters."""
    return _uuid_hex()


def uuid_str() -> str:
    """Nova, Neutron, Glance, Cinder ids: a dashed UUID."""
    h = _uuid_hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def random_bytes(n: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(n)) if _seeded else _pool.take(n)


def audit_id() -> str:
    """Keystone's token audit ids: 16 random bytes, urlsafe base64 without padding."""
    return base64.urlsafe_b64encode(random_bytes(16)).decode().rstrip("=")
