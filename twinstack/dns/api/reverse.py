"""``/v2/reverse/floatingips``: PTR records of the project's floating IPs, keyed ``<region>:<floating ip id>``
(api/v2/controllers/floatingips.py). Setting one answers 202 PENDING/CREATE and settles ACTIVE on the
lifecycle's clock; unsetting (``ptrdname: null``) answers 202 with no body and leaves the IP INACTIVE. The
floating IP is looked up in Neutron through network/local.py with the caller's context. Designate also
writes the PTR into a managed in-addr.arpa zone of its own project; that zone is not made here."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.dns import errors
from twinstack.dns import tables as t
from twinstack.dns.api import common
from twinstack.dns.manager import lifecycle, names
from twinstack.network import local as network

REGION = "RegionOne"  # the catalog's one region (identity's bootstrap): Designate asks Neutron there
FIP_KEY = re.compile(r"^([^:]+):([0-9a-fA-F-]{32,36})$")  # constants.RE_FIP
SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {"ptrdname": {"type": ["string", "null"], "maxLength": 255},
                   "description": {"type": ["string", "null"], "maxLength": 160},
                   "ttl": {"type": ["integer", "null"], "minimum": 1, "maximum": 2147483647}},
}


def _view(req: Req, key: str, address: str, row: dict[str, Any] | None) -> dict[str, Any]:
    base = {"id": key, "address": address, "ptrdname": None, "description": None, "ttl": None,
            "status": "INACTIVE", "action": "NONE"}
    if row is not None:
        base.update({k: row[k] for k in ("ptrdname", "description", "ttl", "status", "action")})
    return {**base, "links": {"self": f"{req.base_url()}/v2/reverse/floatingips/{key}"}}


def _fip(req: Req, key: str) -> tuple[str, dict[str, Any]]:
    match = FIP_KEY.match(key)
    if match is None:
        raise errors.bad_request(f"Floating IP {key} is not in the format of <region>:<uuid>")
    region, fip_id = match.groups()
    try:
        fip = network.show_floating_ip(req.cloud, req.context, fip_id)
    except ApiError:
        fip = None
    if fip is None or region != REGION or fip["project_id"] != req.context.project_id:
        raise ApiError(404, "Could not find FloatingIP", "not_found")
    return f"{region}:{fip['id']}", fip


def _row(conn: Connection, key: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.ptrs).where(t.ptrs.c.key == key)).mappings().first()
    return dict(row) if row is not None else None


async def index(req: Req) -> Any:
    owner = common.scope(req)
    query = sa.select(t.ptrs)
    if owner is not None:
        query = query.where(t.ptrs.c.project_id == owner)
    with req.cloud.store.read() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    return json_response({"floatingips": [_view(req, r["key"], r["address"], r) for r in rows],
                          "links": {"self": f"{req.base_url()}/v2/reverse/floatingips"}})


async def show(req: Req) -> Any:
    key, fip = _fip(req, req.params["fip_key"])
    with req.cloud.store.read() as conn:
        return json_response(_view(req, key, fip["floating_ip_address"], _row(conn, key)))


async def update(req: Req) -> Any:
    key, fip = _fip(req, req.params["fip_key"])
    spec = await common.body(req, SCHEMA)
    common.authorize(req, "designate:update_floatingip", fip["project_id"])
    if spec.get("ptrdname") is None:
        with req.cloud.store.begin() as conn:
            conn.execute(t.ptrs.delete().where(t.ptrs.c.key == key))
        return empty(202)
    if not names.is_hostname(spec["ptrdname"], record=True):
        raise errors.invalid_object(f"Provided object does not match schema: ptrdname {spec['ptrdname']!r} is "
                                    "not a valid hostname")
    row = {"key": key, "project_id": fip["project_id"], "address": fip["floating_ip_address"],
           "ptrdname": spec["ptrdname"], "description": spec.get("description"), "ttl": spec.get("ttl"),
           "status": "PENDING", "action": "CREATE"}
    with req.cloud.store.begin() as conn:
        conn.execute(t.ptrs.delete().where(t.ptrs.c.key == key))
        conn.execute(t.ptrs.insert().values(**row))
    body = _view(req, key, row["address"], row)
    lifecycle.later(req.cloud, _settle, key)
    return json_response(body, 202)


def _settle(cloud: Any, conn: Connection, key: str) -> None:
    conn.execute(t.ptrs.update().where(t.ptrs.c.key == key, t.ptrs.c.status == "PENDING")
                 .values(status="ACTIVE", action="NONE"))
