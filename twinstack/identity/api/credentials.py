"""OS-EC2 (``/v3/users/{user_id}/credentials/OS-EC2``): the ec2 rows of ``/v3/credentials`` (a declared
resource, identity/resources.py) addressed by access key, as keystone's EC2 credential resource."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa

from twinstack.core.ids import hex_id
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.api import common as c
from twinstack.identity.schemas.credentials import EC2_CREATE

# -- OS-EC2: /v3/users/{u}/credentials/OS-EC2[/{access}] -----------------------------------------
# The same ec2 rows as /v3/credentials, addressed by access key (keystone's EC2 credential resource).


def _ec2_view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    blob = json.loads(row["blob"])
    return {"user_id": row["user_id"], "tenant_id": row["project_id"], "access": blob.get("access"),
            "secret": blob.get("secret"), "trust_id": blob.get("trust_id"),
            "links": {"self": c.v3_url(req, f"users/{row['user_id']}/credentials/OS-EC2/{blob.get('access')}")}}


def _ec2_target(user_id: str) -> dict[str, Any]:
    return {"credential": {"user_id": user_id}, "user": {"id": user_id}, "user_id": user_id}


async def list_ec2(req: Req) -> Any:
    user_id = req.params["user_id"]
    c.authorize(req, "identity:ec2_list_credentials", _ec2_target(user_id))
    cr = t.credentials.c
    with req.cloud.store.read() as conn:
        c.get_row(conn, t.users, user_id, "user")
        found = c.rows(conn, sa.select(t.credentials).where(cr.user_id == user_id, cr.type == "ec2").order_by(cr.id))
    return c.collection(req, "credentials", [_ec2_view(req, r) for r in found])


async def create_ec2(req: Req) -> Any:
    user_id = req.params["user_id"]
    c.authorize(req, "identity:ec2_create_credential", _ec2_target(user_id))
    body = await req.json()
    c.validate(body, EC2_CREATE)
    access, secret = hex_id(), hex_id()
    with req.cloud.store.begin() as conn:
        c.get_row(conn, t.users, user_id, "user")
        c.get_row(conn, t.projects, body["tenant_id"], "project")
        values = {"id": hashlib.sha256(access.encode()).hexdigest(), "user_id": user_id,
                  "project_id": body["tenant_id"], "type": "ec2", "extra": {},
                  "blob": json.dumps({"access": access, "secret": secret, "trust_id": None})}
        conn.execute(t.credentials.insert().values(**values))
    c.changed(req)
    return json_response({"credential": _ec2_view(req, values)}, 201)


def _load_ec2(req: Req, conn: Any, action: str) -> dict[str, Any]:
    user_id, access = req.params["user_id"], req.params["access"]
    c.authorize(req, action, _ec2_target(user_id))
    row = m.find(conn, t.credentials, id=hashlib.sha256(access.encode()).hexdigest(), user_id=user_id)
    if row is None or row["type"] != "ec2":
        raise c.not_found("credential", access)
    return row


async def get_ec2(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _load_ec2(req, conn, "identity:ec2_get_credential")
    return {"credential": _ec2_view(req, row)}


async def delete_ec2(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _load_ec2(req, conn, "identity:ec2_delete_credential")
        conn.execute(t.credentials.delete().where(t.credentials.c.id == row["id"]))
    c.changed(req)
    return empty(204)
