"""``/v1/secrets``: store (with or without a payload), list, show (metadata, or the payload by Accept),
``/payload``, PUT of a payload on a secret made without one, DELETE; and ``/metadata``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response

from twinstack.core import ids
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.key_manager import errors, schemas, views
from twinstack.key_manager.api import common
from twinstack.key_manager.api.common import authorize, now
from twinstack.key_manager.manager import common as mcommon
from twinstack.key_manager.manager import crypto, secrets
from twinstack.key_manager.manager.quotas import check_quota


def load(req: Req, rule: str) -> dict[str, Any]:
    with req.cloud.store.read() as conn:
        row = secrets.require(conn, req.params["secret_id"], now(req))
    authorize(req, rule, row)
    return row


async def create(req: Req) -> Any:
    authorize(req, "secrets:post")
    body = await common.json_body(req)
    fields = schemas.new_secret(body)
    at = now(req)
    expiration = None
    if body.get("expiration") is not None:
        expiration = mcommon.parse_time(body["expiration"], "expiration")
        if expiration <= at:
            raise errors.bad("'expiration' is before current time")
    data = fields.pop("data")
    secret_id = ids.uuid_str()
    with req.cloud.store.begin() as conn:
        check_quota(conn, common.project(req), "secrets")
        secrets.create(conn, {
            **fields, "id": secret_id, "project_id": common.project(req), "creator_id": req.context.user_id,
            "expiration": expiration, "created_at": at, "updated_at": at,
            "payload": crypto.encrypt(req.cloud, data) if data is not None else None})
    return common.created(req, "secrets", secret_id, 201)


async def index(req: Req) -> Any:
    """Secrets' pages carry the other filters in their hrefs (Barbican's SecretsController.on_get)."""
    consumers = req.at_least(1, 1)
    user = req.context.user_id
    filters = urlencode([(k, v) for k, v in req.query.multi_items() if k not in ("limit", "offset")])
    return common.listing(req, "secrets",
                          lambda conn, project, query, at: secrets.listed(conn, project, query, at, user),
                          lambda base, row: views.secret(base, row, consumers), filters)


async def show(req: Req) -> Any:
    """Metadata when Accept is absent, ``application/json`` or ``*/*`` exactly (is_json_request_accept),
    else the payload (Barbican's deprecated way to it)."""
    accept = req.headers.get("accept")
    if accept is None or accept in ("application/json", "*/*"):
        row = load(req, "secret:get")
        return views.secret(common.base(req), row, req.at_least(1, 1))
    return _payload(req, accept)


async def payload(req: Req) -> Any:
    return _payload(req, req.headers.get("accept"))


def _payload(req: Req, accept: str | None) -> Response:
    """The decrypted payload in the Accept type (octet-stream when there is none): the same bytes in any
    supported type (plugin/resources.py get_secret), text/plain only for UTF-8 ones; the missing payload
    is told before a wrong Accept, as _on_get_secret_payload does."""
    row = load(req, "secret:decrypt")
    if row["payload"] is None:
        raise errors.no_payload()
    wanted = schemas.normalize(accept or schemas.BINARY)
    if wanted not in schemas.CONTENT_TYPES:
        raise errors.not_acceptable("Secret payload retrieval issue seen - Wrong payload content-type.")
    data = crypto.decrypt(req.cloud, row["payload"])
    if wanted.startswith(schemas.TEXT):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise errors.not_acceptable("Secret payload retrieval issue seen - Wrong payload content-type.") from None
        return Response(data, media_type="text/plain; charset=utf-8")
    return Response(data, media_type=wanted)


async def put_payload(req: Req) -> Any:
    """Barbican's on_put: text/plain or application/octet-stream (else 415), a body (else 400), then
    only on a secret that has none yet (409)."""
    row = load(req, "secret:put")
    common.enforce_content_types(req, (schemas.BINARY, schemas.TEXT))
    raw = await req.raw.body()
    if not raw:
        raise errors.invalid("No data supplied to process.")
    if len(raw) > schemas.MAX_SECRET_BYTES:
        raise errors.too_big("Secret update")
    if row["payload"] is not None:
        raise errors.conflict("Secret already has data, cannot modify it.")
    content_type = common.content_type(req)
    data, stored = schemas.payload_bytes(raw, content_type, req.headers.get("content-encoding"), in_json=False)
    with req.cloud.store.begin() as conn:
        secrets.update(conn, row["id"], {"payload": crypto.encrypt(req.cloud, data), "content_type": stored,
                                         "updated_at": now(req)})
    return empty(204)


async def delete(req: Req) -> Any:
    """From microversion 1.2 a secret some service consumes stays, unless ``?force=true``."""
    row = load(req, "secret:delete")
    if req.at_least(1, 2) and row["consumers"] and not _forced(req.query.get("force")):
        raise errors.invalid("Secret cannot be deleted as it has consumers.")
    return common.deleted(req, secrets.delete, row)


def _forced(value: str | None) -> bool:
    """oslo's strict bool_from_string, as Barbican reads ``force``."""
    if value is None:
        return False
    lowered = value.strip().lower()
    if lowered not in ("1", "t", "true", "on", "y", "yes", "0", "f", "false", "off", "n", "no"):
        raise errors.invalid("Invalid query string parameters.")
    return lowered in ("1", "t", "true", "on", "y", "yes")


# -- metadata (barbican/api/controllers/secretmeta.py) --------------------------------------------------
def _meta_key(key: Any) -> str:
    if not isinstance(key, str) or not key or len(key) > 255:
        raise errors.invalid("Invalid Metadata. Keys must be strings of 1 to 255 characters.")
    return key.lower()


def _set_meta(req: Req, row: dict[str, Any], meta: dict[str, str]) -> None:
    with req.cloud.store.begin() as conn:
        secrets.update(conn, row["id"], {"meta": meta, "updated_at": now(req)})


async def get_metadata(req: Req) -> Any:
    row = load(req, "secret_meta:get")
    return {"metadata": row["meta"]}


async def put_metadata(req: Req) -> Any:
    row = load(req, "secret_meta:put")
    body = await common.json_body(req)
    meta = body.get("metadata") if isinstance(body, dict) else None
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise errors.invalid("Invalid Metadata. Provide a 'metadata' object of strings.")
    clean = {_meta_key(k): v for k, v in meta.items()}
    _set_meta(req, row, clean)
    return json_response({"metadata_ref": f"{views.href(common.base(req), 'secrets', row['id'])}/metadata"}, 201)


async def post_metadatum(req: Req) -> Any:
    row = load(req, "secret_meta:post")
    key, value = _metadatum(await common.json_body(req))
    if key in row["meta"]:
        raise errors.conflict("Conflict. Key in request is already in the secret metadata")
    _set_meta(req, row, {**row["meta"], key: value})
    ref = f"{views.href(common.base(req), 'secrets', row['id'])}/metadata/{key}"
    return json_response({"key": key, "value": value}, 201, {"Location": ref})


async def get_metadatum(req: Req) -> Any:
    row = load(req, "secret_meta:get")
    key = req.params["key"]
    if key not in row["meta"]:
        raise errors.not_found("secret metadata")
    return {"key": key, "value": row["meta"][key]}


async def put_metadatum(req: Req) -> Any:
    row = load(req, "secret_meta:put")
    key, value = _metadatum(await common.json_body(req))
    if key != req.params["key"]:
        raise errors.invalid("Key in request data does not match key in the request url.")
    if key not in row["meta"]:
        raise errors.not_found("secret metadata")
    _set_meta(req, row, {**row["meta"], key: value})
    return {"key": key, "value": value}


async def delete_metadatum(req: Req) -> Any:
    row = load(req, "secret_meta:delete")
    key = req.params["key"]
    if key not in row["meta"]:
        raise errors.not_found("secret metadata")
    _set_meta(req, row, {k: v for k, v in row["meta"].items() if k != key})
    return empty(204)


def _metadatum(body: Any) -> tuple[str, str]:
    if not isinstance(body, dict) or not isinstance(body.get("value"), str):
        raise errors.invalid("Invalid Metadatum. Provide 'key' and 'value' strings.")
    return _meta_key(body.get("key")), body["value"]
