"""QoS specs (admin): CRUD, keys set and unset, association with volume types."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.block_storage import errors, manager
from twinstack.block_storage import tables as t
from twinstack.block_storage.api import common
from twinstack.block_storage.views import links
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty

CONSUMERS = ("front-end", "back-end", "both")


def _authorize(req: Req, action: str) -> None:
    """cinder/api/contrib/qos_specs_manage.py: volume_extension:qos_specs_manage:<get_all, get,
    create, update, delete> (associations are get_all, (dis)associating is update)."""
    common.project_of(req)
    req.authorize(f"volume_extension:qos_specs_manage:{action}", {"project_id": req.context.project_id})


def _view(row: Any) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "consumer": row["consumer"], "specs": dict(row["specs"] or {})}


def _find(conn: Any, qos_id: str) -> dict[str, Any]:
    row = conn.execute(sa.select(t.qos_specs).where(t.qos_specs.c.id == qos_id)).mappings().first()
    if row is None:
        raise ApiError(404, f"QoS Specs {qos_id} could not be found.", "QoSSpecsNotFound")
    return dict(row)


def _specs(body: dict[str, Any]) -> dict[str, str]:
    out = {}
    for key, value in body.items():
        if not isinstance(key, str) or not key.strip() or len(key) > 255:
            raise errors.invalid_input(f"Invalid QoS specs key: {key!r}")
        if not isinstance(value, (str, int, float)) or len(str(value)) > 255:
            raise errors.invalid_input(f"Invalid QoS specs value for {key}: {value!r}")
        out[key] = str(value)
    return out


async def index(req: Req) -> Any:
    _authorize(req, "get_all")
    with req.cloud.store.read() as conn:
        rows = (
            conn.execute(sa.select(t.qos_specs).order_by(t.qos_specs.c.created_at, t.qos_specs.c.id)).mappings().all()
        )
    return {"qos_specs": [_view(r) for r in rows]}


async def create(req: Req) -> Any:
    _authorize(req, "create")
    spec = dict(await common.body_member(req, "qos_specs"))
    name = spec.pop("name", None)
    if not isinstance(name, str) or not name.strip() or len(name) > 255:
        raise errors.invalid_input("Invalid input for field/attribute name: a non-empty string up to 255 characters")
    consumer = spec.pop("consumer", "back-end")
    if consumer not in CONSUMERS:
        raise errors.invalid_input(
            f"Invalid value '{consumer}' for consumer. Valid values are: {', '.join(CONSUMERS)}."
        )
    if isinstance(spec.get("specs"), dict):  # openstacksdk nests the keys under "specs"
        spec.update(spec.pop("specs"))
    row = {
        "id": uuid_str(),
        "name": name.strip(),
        "consumer": consumer,
        "specs": _specs(spec),
        "created_at": manager.now(req.cloud),
    }
    with req.cloud.store.begin() as conn:
        if conn.execute(sa.select(t.qos_specs.c.id).where(t.qos_specs.c.name == row["name"])).first() is not None:
            raise ApiError(409, f"QoS Specs {row['name']} already exists.", "QoSSpecsExists")
        conn.execute(t.qos_specs.insert().values(**row))
    return {"qos_specs": _view(row), "links": links(req, "qos-specs", row["id"])}


async def show(req: Req) -> Any:
    _authorize(req, "get")
    with req.cloud.store.read() as conn:
        row = _find(conn, req.params["qos_id"])
    return {"qos_specs": _view(row), "links": links(req, "qos-specs", row["id"])}


async def update(req: Req) -> Any:
    _authorize(req, "update")
    spec = dict(await common.body_member(req, "qos_specs"))
    consumer = spec.pop("consumer", None)
    if consumer is not None and consumer not in CONSUMERS:
        raise errors.invalid_input(
            f"Invalid value '{consumer}' for consumer. Valid values are: {', '.join(CONSUMERS)}."
        )
    new = _specs(spec)
    with req.cloud.store.begin() as conn:
        row = _find(conn, req.params["qos_id"])
        values: dict[str, Any] = {"specs": {**(row["specs"] or {}), **new}}
        if consumer:
            values["consumer"] = consumer
        conn.execute(t.qos_specs.update().where(t.qos_specs.c.id == row["id"]).values(**values))
    body: dict[str, Any] = dict(new)
    if consumer:
        body["consumer"] = consumer
    return {"qos_specs": body}


async def delete(req: Req) -> Any:
    _authorize(req, "delete")
    force = to_bool(req.query.get("force"))
    with req.cloud.store.begin() as conn:
        row = _find(conn, req.params["qos_id"])
        used = conn.execute(sa.select(t.types.c.id).where(t.types.c.qos_specs_id == row["id"]).limit(1)).first()
        if used is not None and not force:
            raise errors.bad_request(f"QoS Specs {row['id']} is still associated with entities.")
        conn.execute(t.types.update().where(t.types.c.qos_specs_id == row["id"]).values(qos_specs_id=None))
        conn.execute(t.qos_specs.delete().where(t.qos_specs.c.id == row["id"]))
    return empty(202)


async def delete_keys(req: Req) -> Any:
    _authorize(req, "delete")
    body = await req.json()
    keys = body.get("keys") if isinstance(body, dict) else None
    if not isinstance(keys, list):
        raise errors.bad_request("Missing required element 'keys' in request body.")
    with req.cloud.store.begin() as conn:
        row = _find(conn, req.params["qos_id"])
        specs = dict(row["specs"] or {})
        for key in keys:
            if key not in specs:
                raise ApiError(404, f"QoS spec {key} could not be found.", "QoSSpecsKeyNotFound")
            specs.pop(key)
        conn.execute(t.qos_specs.update().where(t.qos_specs.c.id == row["id"]).values(specs=specs))
    return empty(202)


async def associations(req: Req) -> Any:
    _authorize(req, "get_all")
    with req.cloud.store.read() as conn:
        row = _find(conn, req.params["qos_id"])
        types = conn.execute(sa.select(t.types.c.id, t.types.c.name).where(t.types.c.qos_specs_id == row["id"])).all()
    return {"qos_associations": [{"association_type": "volume_type", "id": i, "name": n} for i, n in types]}


async def associate(req: Req) -> Any:
    _authorize(req, "update")
    type_id = req.query.get("vol_type_id")
    if not type_id:
        raise errors.bad_request("Volume Type id must not be None.")
    with req.cloud.store.begin() as conn:
        row = _find(conn, req.params["qos_id"])
        vtype = manager.find_type(conn, type_id, by_name=False)
        if vtype["qos_specs_id"] and vtype["qos_specs_id"] != row["id"]:
            raise errors.bad_request(
                f"Type {type_id} is already associated with another qos specs: {vtype['qos_specs_id']}"
            )
        conn.execute(t.types.update().where(t.types.c.id == vtype["id"]).values(qos_specs_id=row["id"]))
    return empty(202)


async def disassociate(req: Req) -> Any:
    _authorize(req, "update")
    type_id = req.query.get("vol_type_id")
    if not type_id:
        raise errors.bad_request("Volume Type id must not be None.")
    with req.cloud.store.begin() as conn:
        row = _find(conn, req.params["qos_id"])
        vtype = manager.find_type(conn, type_id, by_name=False)
        conn.execute(
            t.types.update()
            .where(t.types.c.id == vtype["id"], t.types.c.qos_specs_id == row["id"])
            .values(qos_specs_id=None)
        )
    return empty(202)


async def disassociate_all(req: Req) -> Any:
    _authorize(req, "update")
    with req.cloud.store.begin() as conn:
        row = _find(conn, req.params["qos_id"])
        conn.execute(t.types.update().where(t.types.c.qos_specs_id == row["id"]).values(qos_specs_id=None))
    return empty(202)
