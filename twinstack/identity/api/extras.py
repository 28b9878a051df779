"""Keystone's smaller admin APIs: ``/v3/OS-OAUTH1/consumers`` (CRUD; the secret is shown once), and
what OS-EP-FILTER's handlers share about an endpoint group (whose CRUD is declared in resources.py)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.ids import hex_id
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import tables as t
from twinstack.identity.api import common as c
from twinstack.identity.api.app_creds import generate_secret
from twinstack.identity.passwords import hash_password
from twinstack.identity.schemas.extras import (
    CONSUMER,
)


# -- /v3/OS-OAUTH1/consumers -----------------------------------------------------------------------
def _consumer_view(req: Req, row: dict[str, Any], secret: str | None = None) -> dict[str, Any]:
    body = {
        "id": row["id"],
        "description": row.get("description"),
        "links": {"self": c.v3_url(req, f"OS-OAUTH1/consumers/{row['id']}")},
        **(row.get("extra") or {}),
    }
    if secret is not None:
        body["secret"] = secret
    return body


def _consumer(conn: Any, consumer_id: str) -> dict[str, Any]:
    row = conn.execute(sa.select(t.oauth_consumers).where(t.oauth_consumers.c.id == consumer_id)).first()
    if row is None:
        raise ApiError(404, f"Could not find consumer: {consumer_id}.", "NotFound")
    return dict(row._mapping)


async def list_consumers(req: Req) -> Any:
    c.authorize(req, "identity:list_consumers")
    with req.cloud.store.read() as conn:
        found = c.rows(conn, sa.select(t.oauth_consumers).order_by(t.oauth_consumers.c.id))
    return c.collection(req, "consumers", [_consumer_view(req, r) for r in found])


async def create_consumer(req: Req) -> Any:
    c.authorize(req, "identity:create_consumer")
    data = await c.body_member(req, "consumer", CONSUMER)
    secret = generate_secret()
    values = {
        "id": hex_id(),
        "secret_hash": hash_password(secret),
        "description": data.get("description"),
        "extra": c.extra(data, {"description", "secret"}),
    }
    with req.cloud.store.begin() as conn:
        conn.execute(t.oauth_consumers.insert().values(**values))
    return json_response({"consumer": _consumer_view(req, values, secret)}, 201)


async def get_consumer(req: Req) -> Any:
    c.authorize(req, "identity:get_consumer")
    with req.cloud.store.read() as conn:
        row = _consumer(conn, req.params["consumer_id"])
    return {"consumer": _consumer_view(req, row)}


async def update_consumer(req: Req) -> Any:
    c.authorize(req, "identity:update_consumer")
    data = await c.body_member(req, "consumer", CONSUMER)
    if "secret" in data:
        raise c.bad_request("Cannot change consumer secret")
    with req.cloud.store.begin() as conn:
        row = _consumer(conn, req.params["consumer_id"])
        values: dict[str, Any] = {"description": data["description"]} if "description" in data else {}
        values.update(c.merged_extra(row, data, {"description"}))
        if values:
            conn.execute(t.oauth_consumers.update().where(t.oauth_consumers.c.id == row["id"]).values(**values))
        row = _consumer(conn, row["id"])
    return {"consumer": _consumer_view(req, row)}


async def delete_consumer(req: Req) -> Any:
    c.authorize(req, "identity:delete_consumer")
    with req.cloud.store.begin() as conn:
        row = _consumer(conn, req.params["consumer_id"])
        conn.execute(t.oauth_consumers.delete().where(t.oauth_consumers.c.id == row["id"]))
    return empty(204)


# -- /v3/OS-EP-FILTER/endpoint_groups --------------------------------------------------------------
def group_view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "description": row.get("description"),
        "filters": row["filters"],
        "links": {"self": c.v3_url(req, f"OS-EP-FILTER/endpoint_groups/{row['id']}")},
    }


def endpoint_group_row(conn: Any, group_id: str) -> dict[str, Any]:
    row = conn.execute(sa.select(t.endpoint_groups).where(t.endpoint_groups.c.id == group_id)).first()
    if row is None:
        raise ApiError(404, f"Could not find Endpoint Group: {group_id}.", "EndpointGroupNotFound")
    return dict(row._mapping)
