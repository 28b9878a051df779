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


# A random (version 4, RFC 4122 variant) UUID's 128 bits: uuid.UUID checks and stores what these set directly,
# and formatting it costs ~5 us of the ~7 an id took; a boot/delete cycle makes several.
_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_SET = (0x4000 << 64) | (0x8000 << 48)


def _uuid_hex() -> str:
    if _seeded:
        return _uuid().hex
    return "%032x" % (int.from_bytes(os.urandom(16)) & _CLEAR | _SET)


def hex_id() -> str:
    """Keystone's ids: 32 hex characters."""
    return _uuid_hex()


def uuid_str() -> str:
    """Nova, Neutron, Glance, Cinder ids: a dashed UUID."""
    h = _uuid_hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def random_bytes(n: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(n)) if _seeded else os.urandom(n)


def audit_id() -> str:
    """Keystone's token audit ids: 16 random bytes, urlsafe base64 without padding."""
    return base64.urlsafe_b64encode(random_bytes(16)).decode().rstrip("=")
