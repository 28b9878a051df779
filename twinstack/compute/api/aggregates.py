"""Nova's os-aggregates: host aggregates with metadata and an availability zone; membership is
mirrored into Placement (the aggregate's uuid is the Placement aggregate), as Nova's report client does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.manager.aggregates import DEFAULT_AZ, create_aggregate, host_az, sync_host
from twinstack.compute.manager.crud import CRUD, NovaOps, NovaResource, fits_db_int
from twinstack.compute.schemas import aggregates as schemas
from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.resource import Attr
from twinstack.core.validation import validate
from twinstack.image import local as image_local

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


# -- data ------------------------------------------------------------------------------------
def _aggregate_id(req: Req) -> int:
    raw = req.params["aggregate_id"]
    try:
        return int(raw)
    except ValueError:
        raise ApiError(400, "Invalid input received: id must be an integer") from None


def _get(conn: Connection, agg_id: int) -> dict[str, Any]:
    # an id past the column's range names no aggregate: Nova's database finds none (404)
    row = conn.execute(sa.select(t.aggregates).where(t.aggregates.c.id == agg_id)).first() \
        if fits_db_int(agg_id) else None
    if row is None:
        raise ApiError(404, f"Aggregate {agg_id} could not be found.", "AggregateNotFound")
    return dict(row._mapping)


def _hosts(conn: Connection, agg_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {a: [] for a in agg_ids}
    if agg_ids:
        for row in conn.execute(sa.select(t.aggregate_hosts).where(t.aggregate_hosts.c.aggregate_id.in_(agg_ids))
                                .order_by(t.aggregate_hosts.c.host)):
            out[row.aggregate_id].append(row.host)
    return out


def _check_az_change(conn: Connection, agg: dict[str, Any], new_az: Any, action: str,
                     hosts: list[str], check_instances: bool) -> None:
    """Nova's is_safe_to_update_az: no empty zone, no host in two zones, no moving servers' zone."""
    if not new_az:
        raise ApiError(400, f"Cannot {action} {agg['id']}. Reason: Aggregate {agg['name']} does not support "
                            "empty named availability zone.")
    if not hosts:
        return
    others = conn.execute(sa.select(t.aggregates.c.availability_zone).distinct().select_from(
        t.aggregates.join(t.aggregate_hosts, t.aggregate_hosts.c.aggregate_id == t.aggregates.c.id))
        .where(t.aggregate_hosts.c.host.in_(hosts), t.aggregates.c.id != agg["id"],
               t.aggregates.c.availability_zone.is_not(None),
               t.aggregates.c.availability_zone != new_az)).scalars().all()
    if others:
        raise ApiError(400, f"Cannot {action} {agg['id']}. Reason: One or more hosts already in availability "
                            f"zone(s) {sorted(others)}.")
    if check_instances and agg["availability_zone"] != new_az:
        busy = conn.execute(sa.select(t.instances.c.id).where(t.instances.c.host.in_(hosts),
                                                              t.instances.c.deleted.is_(False)).limit(1)).first()
        if busy:
            raise ApiError(400, f"Cannot {action} {agg['id']}. Reason: One or more hosts contain instances in "
                                "this zone.")


# -- the declaration ---------------------------------------------------------------------------
class _Aggregates(NovaOps):
    """Admin-only (policy before the id is read); an aggregate is named by its integer id."""

    def find(self, req: Req, conn: Connection) -> dict[str, Any]:
        return _get(conn, _aggregate_id(req))

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        hosts = _hosts(conn, [r["id"] for r in rows])
        for row in rows:
            row.update(deleted=False, deleted_at=None, hosts=hosts[row["id"]], metadata=dict(row["metadata"] or {}))

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        if _hosts(conn, [row["id"]])[row["id"]]:
            raise ApiError(400, f"Cannot remove host from aggregate {row['id']}. Reason: Host aggregate is not "
                                "empty.")
        conn.execute(t.aggregates.delete().where(t.aggregates.c.id == row["id"]))

    def delete_status(self, req: Req) -> int:
        return 200


AGGREGATES = NovaResource(
    "aggregate", "aggregates", t.aggregates, [
        Attr("availability_zone"), Attr("created_at"), Attr("deleted", column=None),
        Attr("deleted_at", column=None), Attr("id"), Attr("name"), Attr("updated_at"),
        Attr("hosts", column=None), Attr("metadata", column=None), Attr("uuid", min_version=(2, 41)),
    ], _Aggregates(), "Aggregate", path="os-aggregates", policy="os_compute_api:os-aggregates")

index = CRUD.list_handler(AGGREGATES)
show = CRUD.show_handler(AGGREGATES)
delete = CRUD.delete_handler(AGGREGATES)


def view(req: Req, conn: Connection, row: dict[str, Any], hosts: bool = True) -> dict[str, Any]:
    """An aggregate's body; a create's has no hosts nor metadata."""
    body = CRUD.render(req.cloud, conn, AGGREGATES, [row], req.context, None, req.version)[0]
    if not hosts:
        del body["hosts"], body["metadata"]
    return body


def _full(req: Req, conn: Connection, agg_id: int) -> dict[str, Any]:
    return {"aggregate": view(req, conn, _get(conn, agg_id))}


# -- handlers --------------------------------------------------------------------------------
async def create(req: Req) -> Any:
    req.authorize("os_compute_api:os-aggregates:create")
    body = validate(await req.json(), schemas.create)["aggregate"]
    with req.cloud.store.begin() as conn:
        row = create_aggregate(req.cloud, conn, body["name"].strip(), (body.get("availability_zone") or "").strip()
                               or None)
        return {"aggregate": view(req, conn, row, hosts=False)}


async def update(req: Req) -> Any:
    req.authorize("os_compute_api:os-aggregates:update")
    agg_id = _aggregate_id(req)
    body = validate(await req.json(), schemas.update)["aggregate"]
    with req.cloud.store.begin() as conn:
        agg = _get(conn, agg_id)
        values: dict[str, Any] = {"updated_at": req.cloud.clock.now()}
        if "name" in body:
            name = body["name"].strip()
            if name != agg["name"] and conn.execute(
                    sa.select(t.aggregates.c.id).where(t.aggregates.c.name == name)).first():
                raise ApiError(409, f"Aggregate {name} already exists.", "AggregateNameExists")
            values["name"] = name
        hosts = _hosts(conn, [agg_id])[agg_id]
        if "availability_zone" in body:
            az = body["availability_zone"]
            _check_az_change(conn, agg, az, "update aggregate", hosts, True)
            values["availability_zone"] = az
            values["metadata"] = {**(agg["metadata"] or {}), "availability_zone": az}
        conn.execute(t.aggregates.update().where(t.aggregates.c.id == agg_id).values(**values))
        for host in hosts:
            sync_host(req.cloud, conn, host)
        return _full(req, conn, agg_id)


async def action(req: Req) -> Any:
    body = await req.json()
    if not isinstance(body, dict) or len(body) != 1 or next(iter(body)) not in schemas.ACTIONS:
        name = next(iter(body)) if isinstance(body, dict) and body else ""
        raise ApiError(400, f"There is no such action: {name}")
    name = next(iter(body))
    req.authorize(f"os_compute_api:os-aggregates:{name}")
    agg_id = _aggregate_id(req)
    args = validate(body, schemas.ACTIONS[name])[name]
    with req.cloud.store.begin() as conn:
        agg = _get(conn, agg_id)
        if name == "add_host":
            _add_host(req, conn, agg, args["host"])
        elif name == "remove_host":
            _remove_host(req, conn, agg, args["host"])
        else:
            _set_metadata(req, conn, agg, args["metadata"])
        return _full(req, conn, agg_id)


def _add_host(req: Req, conn: Connection, agg: dict[str, Any], host: str) -> None:
    known = conn.execute(sa.select(t.services.c.id).where(t.services.c.host == host,
                                                          t.services.c.binary == "nova-compute")).first()
    if known is None:
        raise ApiError(404, f"Compute host {host} could not be found.", "ComputeHostNotFound")
    if conn.execute(sa.select(t.aggregate_hosts).where(t.aggregate_hosts.c.aggregate_id == agg["id"],
                                                       t.aggregate_hosts.c.host == host)).first():
        raise ApiError(409, f"Aggregate {agg['id']} already has host {host}.", "AggregateHostExists")
    if agg["availability_zone"]:
        _check_az_change(conn, agg, agg["availability_zone"], "add host to aggregate", [host], False)
        current = host_az(conn, host)
        servers = conn.execute(sa.select(sa.func.count()).select_from(t.instances).where(
            t.instances.c.host == host, t.instances.c.deleted.is_(False))).scalar() or 0
        zoned = current if current != DEFAULT_AZ else None
        if servers and zoned != agg["availability_zone"]:
            raise ApiError(409, f"Cannot add host to aggregate {agg['id']}. Reason: The host cannot be added to "
                                f"the aggregate as the availability zone of the host would change from '{zoned}' "
                                f"to '{agg['availability_zone']}' but the host already has {servers} instance(s). "
                                "Changing the AZ of an existing instance is not supported by this action. Move "
                                "the instances away from this host then try again. If you need to move the "
                                "instances between AZs then you can use shelve_offload and unshelve to achieve "
                                "this.")
    conn.execute(t.aggregate_hosts.insert().values(aggregate_id=agg["id"], host=host))
    sync_host(req.cloud, conn, host)


def _remove_host(req: Req, conn: Connection, agg: dict[str, Any], host: str) -> None:
    deleted = conn.execute(t.aggregate_hosts.delete().where(t.aggregate_hosts.c.aggregate_id == agg["id"],
                                                            t.aggregate_hosts.c.host == host)).rowcount
    if not deleted:
        raise ApiError(404, f"Cannot remove host {host} in aggregate {agg['id']}")
    sync_host(req.cloud, conn, host)


def _set_metadata(req: Req, conn: Connection, agg: dict[str, Any], metadata: dict[str, Any]) -> None:
    hosts = _hosts(conn, [agg["id"]])[agg["id"]]
    if "availability_zone" in metadata:
        _check_az_change(conn, agg, metadata["availability_zone"], "update metadata of aggregate", hosts, True)
    merged = dict(agg["metadata"] or {})
    for key, value in metadata.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    conn.execute(t.aggregates.update().where(t.aggregates.c.id == agg["id"]).values(
        metadata=merged, availability_zone=merged.get("availability_zone"), updated_at=req.cloud.clock.now()))
    for host in hosts:
        sync_host(req.cloud, conn, host)


async def cache_images(req: Req) -> Any:
    """2.81 image pre-caching on an aggregate's hosts: fake hosts hold no image cache, so once the
    request is valid there is nothing to do but accept it, as Nova does (202, no body)."""
    if not req.at_least(2, 81):
        raise errors.resource_not_found()
    req.authorize("compute:aggregates:images")
    agg_id = _aggregate_id(req)
    body = validate(await req.json(), schemas.cache_images_v2_81)
    image_ids = [item["id"] for item in body["cache"]]
    if len(set(image_ids)) != len(image_ids):
        raise ApiError(400, "Duplicate images in request")
    with req.cloud.store.read() as conn:
        _get(conn, agg_id)
        for image_id in image_ids:
            if image_local.get_image(req.cloud, conn, image_id) is None:
                raise ApiError(400, f"Image {image_id} could not be found.", "ImageNotFound")
    return empty(202)
