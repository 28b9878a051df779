"""``/v3/credentials`` (ec2, totp, cert, ...), as keystone/api/credentials.py: an ec2 credential's blob
is JSON with an ``access`` key, it needs a project, and its id is the sha256 of that access key; a
non-admin sees and manages only its own credentials."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa

from twinstack.core.ids import hex_id
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity import views
from twinstack.identity.api import common as c
from twinstack.identity.schemas.credentials import CREATE, EC2_CREATE, PROPERTIES, UPDATE


def _target(row: dict[str, Any]) -> dict[str, Any]:
    return {"credential": {"user_id": row.get("user_id"), "project_id": row.get("project_id")}}


def _ec2_id(data: dict[str, Any]) -> str:
    try:
        blob = json.loads(data["blob"])
    except ValueError:
        raise c.bad_request("Invalid blob in credential") from None
    if not isinstance(blob, dict) or not blob.get("access"):
        raise c.validation_error("access", "blob")
    if not data.get("project_id"):
        raise c.bad_request("Project ID not found: None. An ec2 credential needs a project_id.")
    return hashlib.sha256(str(blob["access"]).encode()).hexdigest()


async def list_credentials(req: Req) -> Any:
    query = c.apply_filters(req, sa.select(t.credentials), t.credentials, ("user_id", "type"))
    if not req.cloud.policy.allowed("identity:list_credentials", {}, req.context):
        query = query.where(t.credentials.c.user_id == req.context.user_id)  # keystone filters, never 403s
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.credentials.c.id))
    return c.collection(req, "credentials", [views.credential(req, r) for r in found])


async def create_credential(req: Req) -> Any:
    data = await c.body_member(req, "credential", CREATE)
    c.authorize(req, "identity:create_credential", _target(data))
    cred_id = _ec2_id(data) if data["type"] == "ec2" else hex_id()
    with req.cloud.store.begin() as conn:
        if m.find(conn, t.credentials, id=cred_id):
            raise c.conflict("credential", f"Duplicate ID, {cred_id}")
        values = {"id": cred_id, "user_id": data["user_id"], "project_id": data.get("project_id"),
                  "type": data["type"], "blob": data["blob"], "extra": c.extra(data, set(PROPERTIES))}
        conn.execute(t.credentials.insert().values(**values))
    c.changed(req)
    return json_response({"credential": views.credential(req, values)}, 201)


def _load(req: Req, conn: Any, action: str) -> dict[str, Any]:
    cred_id = req.params["credential_id"]
    row = m.find(conn, t.credentials, id=cred_id)
    if row is None:  # keystone looks the credential up to build the policy target: 404 first
        raise c.not_found("credential", cred_id)
    c.authorize(req, action, _target(row))
    return row


async def get_credential(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _load(req, conn, "identity:get_credential")
    return {"credential": views.credential(req, row)}


async def update_credential(req: Req) -> Any:
    data = await c.body_member(req, "credential", UPDATE)
    with req.cloud.store.begin() as conn:
        row = _load(req, conn, "identity:update_credential")
        merged = {**row, **{k: v for k, v in data.items() if k in PROPERTIES}}
        if merged["type"] == "ec2":
            _ec2_id(merged)  # still a valid ec2 blob with a project; the id stays (as keystone keeps it)
        values = {k: merged[k] for k in PROPERTIES} | c.merged_extra(row, data, set(PROPERTIES))
        conn.execute(t.credentials.update().where(t.credentials.c.id == row["id"]).values(**values))
        row = c.get_row(conn, t.credentials, row["id"], "credential")
    c.changed(req)
    return {"credential": views.credential(req, row)}


async def delete_credential(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _load(req, conn, "identity:delete_credential")
        conn.execute(t.credentials.delete().where(t.credentials.c.id == row["id"]))
    c.changed(req)
    return empty(204)


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
