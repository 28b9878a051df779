"""What Barbican's validators (barbican/common/validators.py) accept in a new secret: the fields, their
lengths, the secret types and the payload content types with their encodings."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from twinstack.key_manager import errors

SECRET_TYPES = ("symmetric", "public", "private", "passphrase", "certificate", "opaque")
TEXT = "text/plain"
BINARY = "application/octet-stream"
# barbican/plugin/util/mime_types.py SUPPORTED (spaces dropped): the types a payload is stored and served
# as; binary ones need base64 in a JSON body
CONTENT_TYPES = {TEXT: False, "text/plain;charset=utf-8": False, BINARY: True, "application/pkcs8": True}
STRINGS = ("name", "algorithm", "mode")
MAX_SECRET_BYTES = 20000  # barbican.conf max_allowed_secret_in_bytes, its default


def normalize(value: str) -> str:
    """mime_types.normalize_content_type: no spaces, lower case."""
    return value.replace(" ", "").lower()


def new_secret(body: Any) -> dict[str, Any]:
    """The checked fields of a POST /secrets body; the payload decoded to bytes under ``data``."""
    if not isinstance(body, dict):
        raise errors.bad("The request body must be a JSON object")
    for field in STRINGS:
        value = body.get(field)
        if value is not None and (not isinstance(value, str) or len(value) > 255):
            raise errors.bad(f"'{field}' must be a string of at most 255 characters")
    bits = body.get("bit_length")
    if bits is not None and (not isinstance(bits, int) or isinstance(bits, bool) or bits < 0):
        raise errors.bad("'bit_length' must be a non-negative integer")
    secret_type = body.get("secret_type") or "opaque"
    if secret_type not in SECRET_TYPES:
        raise errors.bad(f"'{secret_type}' is not one of {list(SECRET_TYPES)}")
    fields = {f: body.get(f) for f in STRINGS}
    fields.update(bit_length=bits, secret_type=secret_type, data=None, content_type=None)
    payload = body.get("payload")
    content_type = body.get("payload_content_type")
    encoding = body.get("payload_content_encoding")
    if payload is None:
        if content_type is not None:
            raise errors.invalid("If 'payload_content_type' is specified, 'payload' must also be provided.")
        return fields
    if not isinstance(payload, str) or not payload.strip():
        raise errors.bad("If 'payload' specified, must be non empty")
    if not isinstance(content_type, str):
        raise errors.bad("If 'payload' is supplied, 'payload_content_type' must also be supplied.")
    if len(payload.encode()) > MAX_SECRET_BYTES:
        raise errors.too_big("Secret creation")
    fields["data"], fields["content_type"] = payload_bytes(payload.encode(), content_type, encoding)
    return fields


def payload_bytes(raw: bytes, content_type: str, encoding: str | None, in_json: bool = True) -> tuple[bytes, str]:
    """A payload's bytes and the content type it is kept as, or Barbican's 400 for a wrong pairing. A JSON
    body must carry binary payloads in base64; a PUT's raw body may send the bytes themselves."""
    media = normalize(content_type)
    if media not in CONTENT_TYPES:
        raise errors.invalid(f"Provided payload content type '{content_type}' is not supported.")
    needs_base64 = CONTENT_TYPES[media]
    if encoding is not None and normalize(encoding) != "base64":
        raise errors.invalid(f"Invalid payload content encoding '{encoding}'.")
    if needs_base64 and encoding is None and in_json:
        raise errors.invalid("payload_content_encoding must be 'base64' for binary payloads.")
    if not needs_base64 and encoding is not None:
        raise errors.invalid("Text-based payloads must not specify a payload_content_encoding.")
    if encoding is not None:
        try:
            raw = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise errors.invalid("Problem decoding payload.") from None
    return raw, TEXT if media.startswith(TEXT) else media


# barbican/common/validators.py ContainerValidator: the reference names each typed container takes, and
# which of them it needs
CONTAINER_NAMES: dict[str, tuple[frozenset[str], frozenset[str]] | None] = {
    "generic": None,
    "rsa": (frozenset({"public_key", "private_key", "private_key_passphrase"}),
            frozenset({"public_key", "private_key"})),
    "certificate": (frozenset({"certificate", "private_key", "private_key_passphrase", "intermediates"}),
                    frozenset({"certificate"})),
}


def new_container(body: Any) -> dict[str, Any]:
    """type, name and secret references ``[(name, secret id)]`` of a POST /containers body."""
    if not isinstance(body, dict):
        raise errors.bad("The request body must be a JSON object")
    kind = body.get("type")
    if kind not in CONTAINER_NAMES:
        raise errors.bad(f"'{kind}' is not one of {list(CONTAINER_NAMES)}")
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 255):
        raise errors.bad("'name' must be a string of at most 255 characters")
    refs = body.get("secret_refs") or []
    if not isinstance(refs, list):
        raise errors.bad("'secret_refs' must be a list")
    pairs = [secret_ref(ref) for ref in refs]
    names = [n for n, _ in pairs]
    if len(set(names)) != len(names):
        raise errors.invalid("Duplicate reference names are not allowed.")
    rule = CONTAINER_NAMES[kind]
    if rule is not None:
        allowed, needed = rule
        if not set(names) <= allowed or not needed <= set(names):
            raise errors.invalid(f"Invalid {kind} container: secret refs must be named from {sorted(allowed)} "
                                 f"and include {sorted(needed)}.")
    return {"type": kind, "name": name, "refs": pairs}


def secret_ref(ref: Any) -> tuple[str, str]:
    """One ``{"name", "secret_ref"}``: the name and the secret's id (the last segment of its href)."""
    if not isinstance(ref, dict) or not isinstance(ref.get("secret_ref"), str):
        raise errors.bad("each secret reference needs a 'secret_ref'")
    name = ref.get("name") or ""
    if not isinstance(name, str) or len(name) > 255:
        raise errors.bad("'name' must be a string of at most 255 characters")
    return name, ref["secret_ref"].rstrip("/").rsplit("/", 1)[-1]


def consumer(body: Any, fields: tuple[str, ...]) -> dict[str, str]:
    """A consumer body: container consumers are ``name`` and ``URL``, secret consumers ``service``,
    ``resource_type`` and ``resource_id``; each a non-empty string."""
    if not isinstance(body, dict) or not all(isinstance(body.get(f), str) and body[f] for f in fields):
        raise errors.bad(f"a consumer needs {', '.join(repr(f) for f in fields)}")
    return {f: body[f] for f in fields}


# barbican/common/validators.py TypeOrderValidator and the simple_crypto plugin's generators
KEY_ALGORITHMS = ("aes", "des", "3des", "hmacsha1", "hmacsha256", "hmacsha384", "hmacsha512")
ASYMMETRIC_ALGORITHMS = ("rsa",)
RSA_BITS = (1024, 2048, 3072, 4096)


def new_order(body: Any) -> dict[str, Any]:
    """The type and the checked ``meta`` of a POST /orders body."""
    if not isinstance(body, dict):
        raise errors.bad("The request body must be a JSON object")
    kind, meta = body.get("type"), body.get("meta")
    if kind not in ("key", "asymmetric"):
        raise errors.bad(f"'{kind}' is not one of ['key', 'asymmetric']")
    if not isinstance(meta, dict):
        raise errors.bad("'meta' is a required property")
    algorithm = meta.get("algorithm")
    if not isinstance(algorithm, str):
        raise errors.bad("'algorithm' is a required property")
    bits = meta.get("bit_length")
    if not isinstance(bits, int) or isinstance(bits, bool) or bits <= 0:
        raise errors.bad("'bit_length' must be a positive integer")
    content_type = meta.get("payload_content_type", BINARY)
    if content_type != BINARY:
        raise errors.invalid("payload_content_type must be 'application/octet-stream'.")
    if kind == "key":
        if algorithm.lower() not in KEY_ALGORITHMS:
            raise errors.invalid(f"Invalid algorithm '{algorithm}' for a key order.")
        if bits % 8:
            raise errors.bad("Must be a positive integer that is a multiple of 8")
    elif algorithm.lower() not in ASYMMETRIC_ALGORITHMS or bits not in RSA_BITS:
        raise errors.invalid(f"Unsupported asymmetric key: {algorithm} of {bits} bits.")
    for field in ("name", "mode", "passphrase"):
        if meta.get(field) is not None and not isinstance(meta[field], str):
            raise errors.bad(f"'{field}' must be a string")
    return {"type": kind, "meta": {**meta, "payload_content_type": content_type}}


def acl(body: Any) -> dict[str, Any]:
    """An ACL body: only the ``read`` operation, with ``users`` (user ids) and ``project-access``."""
    if not isinstance(body, dict) or set(body) - {"read"}:
        raise errors.bad("Only the 'read' operation takes an ACL")
    read = body.get("read") or {}
    if not isinstance(read, dict) or set(read) - {"users", "project-access"}:
        raise errors.bad("'read' takes 'users' and 'project-access'")
    users, access = read.get("users"), read.get("project-access")
    if users is not None and not (isinstance(users, list) and all(isinstance(u, str) for u in users)):
        raise errors.bad("'users' must be a list of user ids")
    if access is not None and not isinstance(access, bool):
        raise errors.bad("'project-access' must be a boolean")
    return {k: v for k, v in (("users", users), ("project-access", access)) if v is not None}


def project_quotas(body: Any) -> dict[str, int]:
    """PUT /project-quotas/{id}: ``{"project_quotas": {resource: int >= -1}}``."""
    values = body.get("project_quotas") if isinstance(body, dict) else None
    if not isinstance(values, dict):
        raise errors.bad("'project_quotas' is a required property")
    names = ("secrets", "orders", "containers", "consumers", "cas")
    for name, value in values.items():
        if name not in names or not isinstance(value, int) or isinstance(value, bool) or value < -1:
            raise errors.bad(f"'{name}' must be one of {list(names)} with an integer of -1 or more")
    return dict(values)
