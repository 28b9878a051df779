"""``/v3/OS-FEDERATION``: identity providers and their protocols, attribute mappings, service providers,
as keystone/api/os_federation.py and keystone/federation answer them. The federated login itself
(``.../protocols/{id}/auth``, SAML) is not served: nothing here changes how a token is issued."""

from __future__ import annotations

from typing import Any

import jsonschema
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.ids import hex_id
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.api import common as c
from twinstack.identity.schemas.federation import (
    DEFAULT_MAPPING_VERSION,
    IDP_CREATE,
    IDP_UPDATE,
    MAPPING_SCHEMAS,
    PROTOCOL_CREATE,
    PROTOCOL_UPDATE,
    SP_CREATE,
    SP_UPDATE,
)

PREFIX = "OS-FEDERATION"
RELAY_STATE_PREFIX = "ss:mem:"  # keystone's [saml] relay_state_prefix default


async def _body(req: Req, schema: dict[str, Any], key: str) -> dict[str, Any]:
    body = c.validate(await req.json(), schema)
    member: dict[str, Any] = body.get(key) or {}
    # keystone's _normalize_dict: "a:b" and "a-b" keys read as "a_b"
    return {k.replace(":", "_").replace("-", "_"): v for k, v in member.items()}


def _bool(value: Any) -> bool:
    """The schema lets ``"yes"``, ``"0"``... through; they are stored as the booleans they spell."""
    return to_bool(value)


def _conflict(kind: str, details: str) -> ApiError:
    return c.conflict(kind, details)


# -- identity providers ------------------------------------------------------------------------------
def idp_not_found(idp_id: str) -> ApiError:
    return ApiError(404, f"Could not find Identity Provider: {idp_id}.", "IdentityProviderNotFound")


def _idp(conn: Connection, idp_id: str) -> dict[str, Any]:
    row = m.find(conn, t.identity_providers, id=idp_id)
    if row is None:
        raise idp_not_found(idp_id)
    return row


def _remote_ids(conn: Connection, idp_ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {i: [] for i in idp_ids}
    query = sa.select(t.idp_remote_ids).where(t.idp_remote_ids.c.idp_id.in_(idp_ids))
    for row in conn.execute(query.order_by(t.idp_remote_ids.c.remote_id)):
        found[row.idp_id].append(row.remote_id)
    return found


def _idp_view(req: Req, row: dict[str, Any], remote_ids: list[str]) -> dict[str, Any]:
    self_url = c.v3_url(req, f"{PREFIX}/identity_providers/{row['id']}")
    return {"id": row["id"], "domain_id": row["domain_id"], "enabled": row["enabled"],
            "description": row["description"], "remote_ids": remote_ids,
            "authorization_ttl": row["authorization_ttl"],
            "links": {"self": self_url, "protocols": f"{self_url}/protocols"}}


def _store_remote_ids(conn: Connection, idp_id: str, remote_ids: list[str]) -> None:
    """Remote ids name one provider each; keystone's unique key answers 409 for one taken elsewhere."""
    if remote_ids:
        taken = conn.execute(sa.select(t.idp_remote_ids.c.remote_id).where(
            t.idp_remote_ids.c.remote_id.in_(remote_ids), t.idp_remote_ids.c.idp_id != idp_id)).first()
        if taken:
            raise _conflict("identity_provider", f"Duplicate remote ID: {taken[0]}")
    conn.execute(t.idp_remote_ids.delete().where(t.idp_remote_ids.c.idp_id == idp_id))
    if remote_ids:
        conn.execute(t.idp_remote_ids.insert(), [{"remote_id": r, "idp_id": idp_id} for r in remote_ids])


async def list_idps(req: Req) -> Any:
    c.authorize(req, "identity:list_identity_providers")
    query = c.apply_filters(req, sa.select(t.identity_providers), t.identity_providers, ("id", "enabled"))
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.identity_providers.c.id))
        remote = _remote_ids(conn, [r["id"] for r in found])
    return c.collection(req, "identity_providers", [_idp_view(req, r, remote[r["id"]]) for r in found])


async def get_idp(req: Req) -> Any:
    c.authorize(req, "identity:get_identity_provider")
    with req.cloud.store.read() as conn:
        row = _idp(conn, req.params["idp_id"])
        remote = _remote_ids(conn, [row["id"]])[row["id"]]
    return {"identity_provider": _idp_view(req, row, remote)}


async def create_idp(req: Req) -> Any:
    """Without a ``domain_id`` keystone makes the provider a domain of its own (named by a fresh id);
    a named domain must exist."""
    c.authorize(req, "identity:create_identity_provider")
    idp_id = req.params["idp_id"]
    data = await _body(req, IDP_CREATE, "identity_provider")
    remote_ids = data.get("remote_ids") or []
    with req.cloud.store.begin() as conn:
        if data.get("domain_id"):
            c.get_row(conn, t.domains, data["domain_id"], "domain")
        if m.find(conn, t.identity_providers, id=idp_id):
            raise _conflict("identity_provider", f"Duplicate entry: {idp_id}")
        _store_remote_ids(conn, idp_id, remote_ids)
        domain_id = data.get("domain_id")
        if not domain_id:
            domain_id = hex_id()
            m.create_domain(conn, domain_id, id=domain_id,
                            description=f"Auto generated federated domain for Identity Provider: {idp_id}")
        values = {"id": idp_id, "domain_id": domain_id, "enabled": _bool(data.get("enabled", False)),
                  "description": data.get("description"), "authorization_ttl": data.get("authorization_ttl")}
        conn.execute(t.identity_providers.insert().values(**values))
        remote = _remote_ids(conn, [idp_id])[idp_id]
    c.changed(req)
    return json_response({"identity_provider": _idp_view(req, values, remote)}, 201)


async def update_idp(req: Req) -> Any:
    c.authorize(req, "identity:update_identity_provider")
    data = await _body(req, IDP_UPDATE, "identity_provider")
    with req.cloud.store.begin() as conn:
        row = _idp(conn, req.params["idp_id"])
        if "remote_ids" in data:
            _store_remote_ids(conn, row["id"], data["remote_ids"] or [])
        values: dict[str, Any] = {k: data[k] for k in ("description", "authorization_ttl") if k in data}
        if "enabled" in data:
            values["enabled"] = _bool(data["enabled"])
        if values:
            conn.execute(t.identity_providers.update().where(t.identity_providers.c.id == row["id"]).values(**values))
        row = _idp(conn, row["id"])
        remote = _remote_ids(conn, [row["id"]])[row["id"]]
    c.changed(req)
    return {"identity_provider": _idp_view(req, row, remote)}


async def delete_idp(req: Req) -> Any:
    """The provider's protocols go with it; its domain stays."""
    c.authorize(req, "identity:delete_identity_provider")
    with req.cloud.store.begin() as conn:
        m.delete_identity_providers(conn, [_idp(conn, req.params["idp_id"])["id"]])
    c.changed(req)
    return empty(204)


# -- protocols ---------------------------------------------------------------------------------------
def _protocol(conn: Connection, idp_id: str, protocol_id: str) -> dict[str, Any]:
    row = m.find(conn, t.federation_protocols, idp_id=idp_id, id=protocol_id)
    if row is None:
        raise ApiError(404, f"Could not find federated protocol {protocol_id} for Identity Provider: {idp_id}.",
                       "FederatedProtocolNotFound")
    return row


def _protocol_view(req: Req, row: dict[str, Any], full: bool = False) -> dict[str, Any]:
    """Keystone links a protocol at ``/v3/protocols/{id}`` and its provider at ``/v3/{idp_id}`` (its
    protocol resources have no URL prefix); a single protocol shows neither idp_id nor
    remote_id_attribute, a listed one both."""
    body = {"id": row["id"], "mapping_id": row["mapping_id"],
            "links": {"self": c.v3_url(req, f"protocols/{row['id']}"),
                      "identity_provider": c.v3_url(req, row["idp_id"])}}
    if full:
        body.update(idp_id=row["idp_id"], remote_id_attribute=row["remote_id_attribute"])
    return body


def _check_mapping(conn: Connection, mapping_id: str) -> None:
    if m.find(conn, t.mappings, id=mapping_id) is None:
        raise c.bad_request(f"Invalid mapping id: {mapping_id}")


async def list_protocols(req: Req) -> Any:
    """An unknown provider lists no protocols (keystone does not look it up)."""
    c.authorize(req, "identity:list_protocols")
    query = sa.select(t.federation_protocols).where(t.federation_protocols.c.idp_id == req.params["idp_id"])
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.federation_protocols.c.id))
    return c.collection(req, "protocols", [_protocol_view(req, r, full=True) for r in found])


async def get_protocol(req: Req) -> Any:
    c.authorize(req, "identity:get_protocol")
    with req.cloud.store.read() as conn:
        row = _protocol(conn, req.params["idp_id"], req.params["protocol_id"])
    return {"protocol": _protocol_view(req, row)}


async def create_protocol(req: Req) -> Any:
    c.authorize(req, "identity:create_protocol")
    idp_id, protocol_id = req.params["idp_id"], req.params["protocol_id"]
    data = await _body(req, PROTOCOL_CREATE, "protocol")
    with req.cloud.store.begin() as conn:
        _check_mapping(conn, data["mapping_id"])
        _idp(conn, idp_id)
        if m.find(conn, t.federation_protocols, idp_id=idp_id, id=protocol_id):
            raise _conflict("federation_protocol", f"Duplicate entry found with ID {protocol_id}")
        values = {"idp_id": idp_id, "id": protocol_id, "mapping_id": data["mapping_id"],
                  "remote_id_attribute": data.get("remote_id_attribute")}
        conn.execute(t.federation_protocols.insert().values(**values))
    return json_response({"protocol": _protocol_view(req, values)}, 201)


async def update_protocol(req: Req) -> Any:
    c.authorize(req, "identity:update_protocol")
    data = await _body(req, PROTOCOL_UPDATE, "protocol")
    with req.cloud.store.begin() as conn:
        _check_mapping(conn, data["mapping_id"])
        row = _protocol(conn, req.params["idp_id"], req.params["protocol_id"])
        values = {k: data[k] for k in ("mapping_id", "remote_id_attribute") if k in data}
        p = t.federation_protocols.c
        conn.execute(t.federation_protocols.update().where(p.idp_id == row["idp_id"], p.id == row["id"])
                     .values(**values))
        row = _protocol(conn, row["idp_id"], row["id"])
    return {"protocol": _protocol_view(req, row)}


async def delete_protocol(req: Req) -> Any:
    c.authorize(req, "identity:delete_protocol")
    with req.cloud.store.begin() as conn:
        row = _protocol(conn, req.params["idp_id"], req.params["protocol_id"])
        p = t.federation_protocols.c
        conn.execute(t.federation_protocols.delete().where(p.idp_id == row["idp_id"], p.id == row["id"]))
    return empty(204)


# -- mappings ----------------------------------------------------------------------------------------
def _mapping(conn: Connection, mapping_id: str) -> dict[str, Any]:
    row = m.find(conn, t.mappings, id=mapping_id)
    if row is None:
        raise ApiError(404, f"Could not find mapping: {mapping_id}.", "MappingNotFound")
    return row


def _mapping_view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "rules": row["rules"], "schema_version": row["schema_version"],
            "links": {"self": c.v3_url(req, f"{PREFIX}/mappings/{row['id']}")}}


async def _mapping_body(req: Req) -> dict[str, Any]:
    """The rules, checked against their schema_version's schema (the default when none is given).
    Keystone lists every violation, one per line, and has no schema for an unknown version (a 500)."""
    body = await req.json()
    mapping = body.get("mapping") if isinstance(body, dict) else None
    mapping = {k.replace(":", "_").replace("-", "_"): v for k, v in (mapping or {}).items()}
    if not mapping.get("schema_version"):
        mapping["schema_version"] = DEFAULT_MAPPING_VERSION
    schema = MAPPING_SCHEMAS.get(mapping["schema_version"])
    if schema is None:
        raise ApiError(500, "An unexpected error prevented the server from fulfilling your request.",
                       "UnexpectedError")
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(mapping), key=str)
    if errors:
        raise c.bad_request("".join(f"{e.message}\n" for e in errors))
    return mapping


async def list_mappings(req: Req) -> Any:
    c.authorize(req, "identity:list_mappings")
    with req.cloud.store.read() as conn:
        found = c.rows(conn, sa.select(t.mappings).order_by(t.mappings.c.id))
    return c.collection(req, "mappings", [_mapping_view(req, r) for r in found])


async def get_mapping(req: Req) -> Any:
    c.authorize(req, "identity:get_mapping")
    with req.cloud.store.read() as conn:
        row = _mapping(conn, req.params["mapping_id"])
    return {"mapping": _mapping_view(req, row)}


async def create_mapping(req: Req) -> Any:
    c.authorize(req, "identity:create_mapping")
    mapping_id = req.params["mapping_id"]
    data = await _mapping_body(req)
    values = {"id": mapping_id, "rules": data["rules"], "schema_version": data["schema_version"]}
    with req.cloud.store.begin() as conn:
        if m.find(conn, t.mappings, id=mapping_id):
            raise _conflict("mapping", "Duplicate entry")
        conn.execute(t.mappings.insert().values(**values))
    return json_response({"mapping": _mapping_view(req, values)}, 201)


async def update_mapping(req: Req) -> Any:
    c.authorize(req, "identity:update_mapping")
    data = await _mapping_body(req)
    with req.cloud.store.begin() as conn:
        row = _mapping(conn, req.params["mapping_id"])
        conn.execute(t.mappings.update().where(t.mappings.c.id == row["id"]).values(
            rules=data["rules"], schema_version=data["schema_version"]))
        row = _mapping(conn, row["id"])
    return {"mapping": _mapping_view(req, row)}


async def delete_mapping(req: Req) -> Any:
    c.authorize(req, "identity:delete_mapping")
    with req.cloud.store.begin() as conn:
        row = _mapping(conn, req.params["mapping_id"])
        conn.execute(t.mappings.delete().where(t.mappings.c.id == row["id"]))
    return empty(204)


# -- service providers -------------------------------------------------------------------------------
_SP_FIELDS = ("auth_url", "sp_url", "description", "relay_state_prefix")


def _sp(conn: Connection, sp_id: str) -> dict[str, Any]:
    row = m.find(conn, t.service_providers, id=sp_id)
    if row is None:
        raise ApiError(404, f"Could not find Service Provider: {sp_id}.", "ServiceProviderNotFound")
    return row


def _sp_view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "enabled": row["enabled"], "description": row["description"],
            "auth_url": row["auth_url"], "sp_url": row["sp_url"], "relay_state_prefix": row["relay_state_prefix"],
            "links": {"self": c.v3_url(req, f"{PREFIX}/service_providers/{row['id']}")}}


async def list_sps(req: Req) -> Any:
    c.authorize(req, "identity:list_service_providers")
    query = c.apply_filters(req, sa.select(t.service_providers), t.service_providers, ("id", "enabled"))
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.service_providers.c.id))
    return c.collection(req, "service_providers", [_sp_view(req, r) for r in found])


async def get_sp(req: Req) -> Any:
    c.authorize(req, "identity:get_service_provider")
    with req.cloud.store.read() as conn:
        row = _sp(conn, req.params["sp_id"])
    return {"service_provider": _sp_view(req, row)}


async def create_sp(req: Req) -> Any:
    c.authorize(req, "identity:create_service_provider")
    sp_id = req.params["sp_id"]
    data = await _body(req, SP_CREATE, "service_provider")
    values = {"id": sp_id, "enabled": _bool(data.get("enabled", False)),
              **{k: data.get(k) for k in _SP_FIELDS}}
    if "relay_state_prefix" not in data:
        values["relay_state_prefix"] = RELAY_STATE_PREFIX
    with req.cloud.store.begin() as conn:
        if m.find(conn, t.service_providers, id=sp_id):
            raise _conflict("service_provider", f"Duplicate entry found with ID {sp_id}")
        conn.execute(t.service_providers.insert().values(**values))
    c.changed(req)
    return json_response({"service_provider": _sp_view(req, values)}, 201)


async def update_sp(req: Req) -> Any:
    c.authorize(req, "identity:update_service_provider")
    data = await _body(req, SP_UPDATE, "service_provider")
    with req.cloud.store.begin() as conn:
        row = _sp(conn, req.params["sp_id"])
        values = {k: data[k] for k in _SP_FIELDS if k in data}
        if "enabled" in data:
            values["enabled"] = _bool(data["enabled"])
        conn.execute(t.service_providers.update().where(t.service_providers.c.id == row["id"]).values(**values))
        row = _sp(conn, row["id"])
    c.changed(req)
    return {"service_provider": _sp_view(req, row)}


async def delete_sp(req: Req) -> Any:
    c.authorize(req, "identity:delete_service_provider")
    with req.cloud.store.begin() as conn:
        row = _sp(conn, req.params["sp_id"])
        conn.execute(t.service_providers.delete().where(t.service_providers.c.id == row["id"]))
    c.changed(req)
    return empty(204)

