"""Key pairs' keys as Nova makes them: generated RSA keys (ssh or x509) and fingerprints computed from a
public key (MD5 for ssh, SHA-1 of the certificate for x509). Shared by ``os-keypairs`` and local.py."""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import UTC, datetime, timedelta

from twinstack.core.errors import ApiError


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


