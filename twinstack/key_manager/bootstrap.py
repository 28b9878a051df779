"""Create what the model's key_manager section declares: the secret stores (when multiple backends are
enabled) with each project's preferred one, and secrets, their payloads encrypted under the cloud's KEK as
the API stores them. DevStack's Barbican starts with no secrets."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError, ModelReferenceError
from twinstack.key_manager import schemas
from twinstack.key_manager.manager import crypto, secrets, stores
from twinstack.key_manager.model import DEFAULT_STORE, KeyManagerModel, SecretDef

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def stable_secret_id(project: str, name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"twinstack:secret:{project}:{name}"))


def load(cloud: Cloud, conn: Connection, section: KeyManagerModel | None) -> None:
    section = section or KeyManagerModel()
    from twinstack.identity import local as identity

    projects = identity.project_ids_by_name(conn)
    now = cloud.clock.now().replace(tzinfo=None)
    _stores(conn, section, projects, now)
    seen: dict[str, str] = {}
    for i, sdef in enumerate(section.secrets):
        where = f"key_manager.secrets[{i}] ({sdef.name or sdef.id})"
        if sdef.project not in projects:
            raise ModelReferenceError(f"{where}.project: unknown project '{sdef.project}'")
        creator = identity.find_user(conn, sdef.creator)
        if creator is None:
            raise ModelReferenceError(f"{where}.creator: unknown user '{sdef.creator}'")
        secret_id = sdef.id or stable_secret_id(sdef.project, sdef.name or "")
        if secret_id in seen:
            raise ModelReferenceError(f"{where}.id: '{secret_id}' is also the id of secret '{seen[secret_id]}'")
        seen[secret_id] = sdef.name or secret_id
        try:
            fields = schemas.new_secret(_body(sdef))
        except ApiError as err:
            raise ModelReferenceError(f"{where}: {err.message}") from None
        expiration = sdef.expiration
        if expiration is not None and expiration.tzinfo is not None:
            expiration = (expiration - expiration.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]
        data = fields.pop("data")
        secrets.create(conn, {
            **fields, "id": secret_id, "project_id": projects[sdef.project], "creator_id": creator.id,
            "expiration": expiration, "created_at": now, "updated_at": now,
            "payload": crypto.encrypt(cloud, data) if data is not None else None})
        if sdef.metadata:
            secrets.update(conn, secret_id, {"meta": {k.lower(): v for k, v in sdef.metadata.items()}})


def _stores(conn: Connection, section: KeyManagerModel, projects: dict[str, str], now: Any) -> None:
    """sync_secret_stores at Barbican's start: the one store DevStack's plugins give (store_crypto over
    simple_crypto, the global default), then the preferred stores the model sets."""
    if not section.multiple_secret_stores:
        if section.preferred_secret_stores and "preferred_secret_stores" in section.model_fields_set:
            raise ModelReferenceError("key_manager.preferred_secret_stores: needs multiple_secret_stores: true")
        return
    stores.add(conn, DEFAULT_STORE, "store_crypto", "simple_crypto", True, now)
    for project, name in section.preferred_secret_stores.items():
        where = f"key_manager.preferred_secret_stores.{project}"
        store = stores.by_name(conn, name)
        if store is None:
            raise ModelReferenceError(f"{where}: unknown secret store '{name}' (known: '{DEFAULT_STORE}')")
        if project not in projects:
            if "preferred_secret_stores" not in section.model_fields_set:
                continue  # the default's admin project, in a model that has none
            raise ModelReferenceError(f"{where}: unknown project '{project}'")
        stores.set_preferred(conn, projects[project], store["id"])


def _body(sdef: SecretDef) -> dict[str, Any]:
    body: dict[str, Any] = {"name": sdef.name, "secret_type": sdef.secret_type, "algorithm": sdef.algorithm,
                            "bit_length": sdef.bit_length, "mode": sdef.mode}
    if sdef.payload is not None:
        body.update(payload=sdef.payload, payload_content_type=sdef.payload_content_type,
                    payload_content_encoding=sdef.payload_content_encoding)
    return body
