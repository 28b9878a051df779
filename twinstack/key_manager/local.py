"""What other services may ask of the key manager in process (Nova's and Cinder's encryption keys will
come through here): a secret's payload by id, without HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twinstack.key_manager.manager import crypto, secrets

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def secret_payload(cloud: Cloud, secret_id: str) -> bytes | None:
    with cloud.store.read() as conn:
        row = secrets.get(conn, secret_id)
    if row is None or row["payload"] is None:
        return None
    return crypto.decrypt(cloud, row["payload"])
