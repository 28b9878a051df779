"""Nova's os-keypairs: generate or import ssh and x509 keys per user, fingerprints computed from
the public key as Nova does (MD5 for ssh, SHA-1 of the certificate for x509)."""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import iso, limit_and_marker, next_links, reject_unknown_query
from twinstack.compute.schemas import keypairs as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate


def _create_schema(req: Req) -> dict[str, Any]:
    if req.at_least(2, 92):
        return schemas.create_v2_92
    if req.at_least(2, 10):
        return schemas.create_v2_10
    if req.at_least(2, 2):
        return schemas.create_v2_2
    return schemas.create


# -- keys ------------------------------------------------------------------------------------
def _colon_hex(digest: bytes) -> str:
    return ":".join(f"{b:02x}" for b in digest)


def ssh_fingerprint(public_key: str) -> str:
    """MD5 over the decoded key blob, as ``ssh-keygen -E md5 -l`` and Nova print it."""
    from cryptography.hazmat.primitives import serialization

    try:
        serialization.load_ssh_public_key(public_key.strip().encode())
        blob = base64.b64decode(public_key.strip().split()[1], validate=True)
    except (ValueError, IndexError, binascii.Error, TypeError):
        raise ApiError(400, "Keypair data is invalid: failed to generate fingerprint", "InvalidKeypair") from None
    return _colon_hex(hashlib.md5(blob).digest())


def x509_fingerprint(pem: str) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    try:
        cert = x509.load_pem_x509_certificate(pem.strip().encode())
    except (ValueError, TypeError):
        raise ApiError(400, "Keypair data is invalid: failed to generate X509 fingerprint", "InvalidKeypair") from None
    return _colon_hex(cert.fingerprint(hashes.SHA1()))


def generate(key_type: str, user_id: str, name: str) -> tuple[str, str, str]:
    """(private_key, public_key, fingerprint) for a new key, as Nova's generate_key_pair makes them."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode()
    if key_type == "x509":
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, user_id or "nova")])
        now = datetime.now(UTC)
        cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now).not_valid_after(now + timedelta(days=3650))
                .sign(key, hashes.SHA256()))
        public = cert.public_bytes(serialization.Encoding.PEM).decode()
        return private, public, x509_fingerprint(public)
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                           serialization.PublicFormat.OpenSSH).decode() + " Generated-by-Nova"
    return private, public, ssh_fingerprint(public)


# -- views -----------------------------------------------------------------------------------
def _view(req: Req, row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    full = {"name": row["name"], "public_key": row["public_key"], "fingerprint": row["fingerprint"],
            "user_id": row["user_id"], "created_at": iso(row["created_at"]), "deleted": False,
            "deleted_at": None, "id": row["id"], "updated_at": None, "type": row["type"]}
    return {k: full[k] for k in fields}


_INDEX = ("name", "public_key", "fingerprint")
_CREATE = _INDEX + ("user_id",)
_SHOW = _CREATE + ("created_at", "deleted", "deleted_at", "id", "updated_at")


def _with_type(req: Req, fields: tuple[str, ...]) -> tuple[str, ...]:
    return fields + ("type",) if req.at_least(2, 2) else fields


def _user(req: Req) -> str:
    if req.at_least(2, 10) and req.query.get("user_id"):
        return str(req.query.getlist("user_id")[0])
    return req.context.user_id


def _check_query(req: Req, extra: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    if req.at_least(2, 75):
        reject_unknown_query(req, {"user_id"} | set(extra))


def _get(conn: Any, user_id: str, name: str) -> dict[str, Any]:
    row = conn.execute(sa.select(t.keypairs).where(t.keypairs.c.user_id == user_id,
                                                   t.keypairs.c.name == name)).first()
    if row is None:
        raise ApiError(404, f"Keypair {name} not found for user {user_id}", "KeypairNotFound")
    return dict(row._mapping)


# -- handlers --------------------------------------------------------------------------------
async def create(req: Req) -> Any:
    from twinstack.compute.manager.quota import count_usage, limits_for

    body = validate(await req.json(), _create_schema(req))["keypair"]
    user_id = (body.get("user_id") if req.at_least(2, 10) else None) or req.context.user_id
    req.authorize("os_compute_api:os-keypairs:create", {"user_id": user_id})
    name = body["name"].strip()
    if not name:
        raise ApiError(400, "Keypair data is invalid: Keypair name must be string and between 1 and 255 "
                            "characters long", "InvalidKeypair")
    key_type = body.get("type", "ssh")
    private = None
    if "public_key" in body:
        public = body["public_key"]
        fingerprint = x509_fingerprint(public) if key_type == "x509" else ssh_fingerprint(public)
    else:
        private, public, fingerprint = generate(key_type, user_id, name)
    now = req.cloud.clock.now()
    with req.cloud.store.begin() as conn:
        limit = limits_for(conn, req.context.project_id or "", user_id).get("key_pairs", -1)
        used = count_usage(conn, req.context.project_id or "", user_id, ["key_pairs"])["key_pairs"]
        if limit >= 0 and used + 1 > limit:
            raise ApiError(403, "Quota exceeded, too many key pairs.", "KeypairLimitExceeded")
        if conn.execute(
            sa.select(t.keypairs.c.id).where(t.keypairs.c.user_id == user_id, t.keypairs.c.name == name)
        ).first():
            raise ApiError(409, f"Key pair '{name}' already exists.", "KeyPairExists")
        key = conn.execute(
            t.keypairs.insert().values(
                name=name, user_id=user_id, type=key_type, public_key=public, fingerprint=fingerprint, created_at=now
            )
        ).inserted_primary_key
        assert key is not None  # an INSERT of one row always has a key
        new_id = key[0]
    row = {
        "id": new_id,
        "name": name,
        "user_id": user_id,
        "type": key_type,
        "public_key": public,
        "fingerprint": fingerprint,
        "created_at": now,
    }
    view = _view(req, row, _with_type(req, _CREATE))
    if private is not None:
        view = {"private_key": private, **view}
    return json_response({"keypair": view}, 201 if req.at_least(2, 2) else 200)


async def index(req: Req) -> Any:
    _check_query(req, {"limit", "marker"})
    user_id = _user(req)
    req.authorize("os_compute_api:os-keypairs:index", {"user_id": user_id})
    limit, marker = limit_and_marker(req) if req.at_least(2, 35) else (None, None)
    query = sa.select(t.keypairs).where(t.keypairs.c.user_id == user_id)
    with req.cloud.store.read() as conn:
        if marker is not None:
            if (
                conn.execute(
                    sa.select(t.keypairs.c.id).where(t.keypairs.c.user_id == user_id, t.keypairs.c.name == marker)
                ).first()
                is None
            ):
                raise errors.marker_not_found(marker)
            query = query.where(t.keypairs.c.name > marker)
        query = query.order_by(t.keypairs.c.name.asc())
        if limit is not None:
            query = query.limit(limit + 1)
        rows = [dict(r._mapping) for r in conn.execute(query)]
    more = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    fields = _with_type(req, _INDEX)
    body: dict[str, Any] = {"keypairs": [{"keypair": _view(req, r, fields)} for r in rows]}
    if req.at_least(2, 35) and more and rows:
        body["keypairs_links"] = next_links(req, "os-keypairs", rows[-1]["name"], limit)
    return body


async def show(req: Req) -> Any:
    _check_query(req)
    user_id = _user(req)
    req.authorize("os_compute_api:os-keypairs:show", {"user_id": user_id})
    with req.cloud.store.read() as conn:
        row = _get(conn, user_id, req.params["keypair_name"])
    return {"keypair": _view(req, row, _with_type(req, _SHOW))}


async def delete(req: Req) -> Any:
    _check_query(req)
    user_id = _user(req)
    req.authorize("os_compute_api:os-keypairs:delete", {"user_id": user_id})
    with req.cloud.store.begin() as conn:
        row = _get(conn, user_id, req.params["keypair_name"])
        conn.execute(t.keypairs.delete().where(t.keypairs.c.id == row["id"]))
    return empty(204 if req.at_least(2, 2) else 202)
