"""Identifiers, as OpenStack services make them (hex uuid for Keystone, dashed uuid elsewhere).

With ``--seed`` every id (and anything else drawn from ``rng``: MACs, IP choices, fault
probabilities, fake timings) is reproducible run to run.
"""

from __future__ import annotations

import base64
import os
import random
import uuid

rng: random.Random = random.SystemRandom()
_seeded = False


def seed(value: int | None) -> None:
    """Make every later id and random choice follow ``value`` (None: true randomness again)."""
    global rng, _seeded
    if value is None:
        rng, _seeded = random.SystemRandom(), False
    else:
        rng, _seeded = random.Random(value), True


def _uuid() -> uuid.UUID:
    if _seeded:
        return uuid.UUID(int=rng.getrandbits(128), version=4)
    return uuid.uuid4()


def hex_id() -> str:
    """Keystone's ids: 32 hex characters."""
    return _uuid().hex


def uuid_str() -> str:
    """Nova, Neutron, Glance, Cinder ids: a dashed UUID."""
    return str(_uuid())


def random_bytes(n: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(n)) if _seeded else os.urandom(n)


def audit_id() -> str:
    """Keystone's token audit ids: 16 random bytes, urlsafe base64 without padding."""
    return base64.urlsafe_b64encode(random_bytes(16)).decode().rstrip("=")
