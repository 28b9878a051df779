"""What other services may ask of the key manager in process, never over HTTP: Cinder's encrypted volume
types create a volume's key here (castellan's create_key: a key order, fulfilled, whose symmetric secret is
the key) and delete it with the volume; Nova's attach of an encrypted volume fetches the key's bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from twinstack.key_manager import tables as t
from twinstack.key_manager.manager import common, crypto, orders, secrets

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def secret_payload(cloud: Cloud, secret_id: str, conn: Connection | None = None) -> bytes | None:
    """The secret's bytes, or None when it is gone (deleted, expired) or has no payload."""
    if conn is None:
        with cloud.store.read() as reader:
            row = secrets.get(reader, secret_id, cloud.clock.now())
    else:
        row = secrets.get(conn, secret_id, cloud.clock.now())
    if row is None or row["payload"] is None:
        return None
    return crypto.decrypt(cloud, row["payload"])


def create_key(cloud: Cloud, conn: Connection, project_id: str, user_id: str, algorithm: str = "aes",
               bit_length: int = 256) -> str:
    """A symmetric key of the project made as castellan's barbican backend makes one (an unnamed key order,
    ACTIVE at once); the secret's id (what Cinder keeps as ``encryption_key_id``)."""
    at = cloud.clock.now()
    owner = {"project_id": project_id, "creator_id": user_id, "created_at": at, "updated_at": at}
    meta = {"name": None, "algorithm": algorithm, "bit_length": bit_length, "mode": None,
            "payload_content_type": "application/octet-stream", "expiration": None}
    order_id = orders.fulfil(cloud, conn, owner, "key", meta, None)
    order = common.row(conn, t.orders, order_id)
    assert order is not None and order["secret_id"]
    return str(order["secret_id"])


def delete_secret(cloud: Cloud, conn: Connection, secret_id: str) -> None:
    """Castellan's delete: the secret goes (a secret already gone is no error to Cinder's volume delete)."""
    secrets.delete(conn, secret_id)
