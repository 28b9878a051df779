"""Orders: Barbican generates what is ordered (a symmetric key, or an RSA key pair in an rsa container)
and the order is ACTIVE at once, as it is when DevStack's simple_crypto plugin answers within the request
worker. The generated secrets are ordinary secrets of the ordering project."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core import ids
from twinstack.key_manager import errors
from twinstack.key_manager import tables as t
from twinstack.key_manager.manager import common, containers, crypto, secrets

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def require(conn: Connection, order_id: str) -> dict[str, Any]:
    row = common.row(conn, t.orders, order_id)
    if row is None:
        raise errors.not_found("order")
    return row


def listed(conn: Connection, project_id: str, query: Any, now: datetime) -> tuple[list[dict[str, Any]], int]:
    return common.owned(conn, t.orders, project_id, query, ())


def delete(conn: Connection, order_id: str) -> None:
    conn.execute(t.orders.delete().where(t.orders.c.id == order_id))


def fulfil(cloud: Cloud, conn: Connection, owner: dict[str, Any], kind: str, meta: dict[str, Any],
           expiration: datetime | None, failure: tuple[str, str] | None = None) -> str:
    """Generate the order's secret(s) and record the order, ACTIVE; its id. ``owner``: project_id,
    creator_id and the time; ``expiration`` (meta's, parsed) goes on the generated secrets. A ``failure``
    (status code, reason: the order_error outcome) records the order in ERROR with nothing generated, as
    Barbican's worker does when the crypto plugin fails."""
    order = {**owner, "id": ids.uuid_str(), "type": kind, "meta": meta, "status": "ACTIVE",
             "secret_id": None, "container_id": None}
    made = {**owner, "expiration": expiration}
    if failure is not None:
        order.update(status="ERROR", error_status_code=failure[0], error_reason=failure[1][:255])
    elif kind == "key":
        order["secret_id"] = _store(cloud, conn, made, meta, "symmetric", ids.random_bytes(meta["bit_length"] // 8))
    else:
        order["container_id"] = _key_pair(cloud, conn, made, meta)
    conn.execute(t.orders.insert().values(**order))
    return str(order["id"])


def _key_pair(cloud: Cloud, conn: Connection, owner: dict[str, Any], meta: dict[str, Any]) -> str:
    """An RSA key pair: PKCS#8 private and SubjectPublicKeyInfo public PEMs (the private one encrypted when a
    passphrase is given, which is then stored too), in an rsa container."""
    # imported on the first key pair, not at start-up (cryptography's serialization modules, ~5 ms)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=meta["bit_length"])
    passphrase = meta.get("passphrase")
    protection: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode()) if passphrase else serialization.NoEncryption())
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, protection)
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    refs = [{"name": "private_key", "secret_id": _store(cloud, conn, owner, meta, "private", private)},
            {"name": "public_key", "secret_id": _store(cloud, conn, owner, meta, "public", public)}]
    if passphrase:
        refs.append({"name": "private_key_passphrase",
                     "secret_id": _store(cloud, conn, owner, meta, "passphrase", passphrase.encode(), "text/plain")})
    container_id = ids.uuid_str()
    fields = {k: v for k, v in owner.items() if k != "expiration"}
    containers.create(conn, {**fields, "id": container_id, "name": meta.get("name"), "type": "rsa",
                             "secret_refs": refs})
    return container_id


def _store(cloud: Cloud, conn: Connection, owner: dict[str, Any], meta: dict[str, Any], secret_type: str,
           data: bytes, content_type: str = "application/octet-stream") -> str:
    secret_id = ids.uuid_str()
    secrets.create(conn, {
        **owner, "id": secret_id, "name": meta.get("name"), "algorithm": meta["algorithm"],
        "bit_length": meta["bit_length"], "mode": meta.get("mode"), "secret_type": secret_type,
        "content_type": content_type, "payload": crypto.encrypt(cloud, data)})
    return secret_id
