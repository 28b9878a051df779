"""Password and secret hashing.

Salted PBKDF2-SHA256 from the standard library, at the fewest rounds the algorithm allows: Keystone's
own test suite configures ``[identity] password_hash_rounds`` to the hashing scheme's minimum
(keystone/tests/unit/core.py), because an emulator's passwords are test fixtures and a real work
factor would make token issue cost more than everything else together (1,000 rounds were 0.22 ms of a
1.2 ms issue). Checking stays real: a wrong password never passes. The round count is stored in each
hash, so hashes written with other counts (an older state dir) still verify.
"""

from __future__ import annotations

import hashlib
import hmac
import os

_ITERATIONS = 1


def hash_password(password: str) -> str:
    salt = os.urandom(8).hex()
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _ITERATIONS).hex()
    return f"pbkdf2_sha256${_ITERATIONS}${salt}${digest}"


def check_password(password: str, stored: str | None) -> bool:
    if not stored or password is None:
        return False
    try:
        _, iterations, salt, digest = stored.split("$")
        rounds = int(iterations)
    except ValueError:
        return False
    if rounds < 1:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), rounds).hex()
    return hmac.compare_digest(candidate, digest)
