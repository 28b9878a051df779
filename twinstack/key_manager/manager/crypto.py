"""The cloud's key-encryption key: payloads are stored as Fernet tokens under it, as Barbican's
simple_crypto plugin wraps each secret in its KEK. The key is a file in the state dir, so a restarted
cloud on the same state dir still reads its secrets."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

    from twinstack.cloud import Cloud

KEY_FILE = "key_manager.kek"


def _fernet(cloud: Cloud) -> Fernet:
    # imported on the first secret, not at start-up: the cryptography package is ~8 ms of it
    from cryptography.fernet import Fernet

    path = cloud.state_dir / KEY_FILE
    if not path.exists():
        path.write_bytes(Fernet.generate_key())
        path.chmod(0o600)
    return Fernet(path.read_bytes())


def encrypt(cloud: Cloud, data: bytes) -> str:
    return _fernet(cloud).encrypt(data).decode()


def decrypt(cloud: Cloud, token: str) -> bytes:
    return _fernet(cloud).decrypt(token.encode())
