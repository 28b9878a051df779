"""Password and secret hashing.

PBKDF2-SHA256 from the standard library with a modest iteration count: Keystone uses bcrypt, but an
emulator's passwords are test fixtures, and a cheap hash keeps token issue fast.
"""

from __future__ import annotations

import hashlib
import hmac
import os

_ITERATIONS = 1000


def hash_password(password: str) -> str:
    salt = os.urandom(8).hex()
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _ITERATIONS).hex()
    return f"pbkdf2_sha256${_ITERATIONS}${salt}${digest}"


def check_password(password: str, stored: str | None) -> bool:
    if not stored or password is None:
        return False
    try:
        _, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations)).hex()
    return hmac.compare_digest(candidate, digest)
