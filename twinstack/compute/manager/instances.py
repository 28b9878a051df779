"""Reading and recording instances: lookups scoped to the caller, the wire form sent over the bus,
instance actions and their events (os-instance-actions), and the hosts' usage refresh."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.manager import placement_client
from twinstack.core import jsonfast

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.core.context import Context

WIRE_FIELDS = ("uuid", "display_name", "hostname", "project_id", "user_id", "host", "node", "availability_zone",
               "vm_state", "task_state", "power_state", "flavor", "old_flavor", "new_flavor", "image_ref",
               "metadata", "system_metadata", "key_name", "launch_index", "reservation_id")


# Built once: SQLAlchemy memoizes a statement's cache key on the object, so a module-level statement
# with bind parameters skips building, hashing and adapting a new one on every request.
_GET_ANY = sa.select(t.instances).where(t.instances.c.uuid == sa.bindparam("instance_uuid"))
_GET = _GET_ANY.where(t.instances.c.deleted.is_(False))


def get(conn: Connection, uuid: str, ctx: Context | None = None, deleted: bool = False) -> dict[str, Any]:
    """The instance, or 404 if it is gone or belongs to another project (unless the caller is admin)."""
    return _scoped(conn, _GET_ANY if deleted else _GET, uuid, ctx)


def _scoped(conn: Connection, statement: Any, uuid: str, ctx: Context | None) -> dict[str, Any]:
    """``statement``'s row for the instance, or 404 if there is none or the caller may not see it."""
    row = conn.execute(statement, {"instance_uuid": uuid}).mappings().first()
    if row is None or (ctx is not None and not ctx.is_admin and row["project_id"] != ctx.project_id):
        raise errors.instance_not_found(uuid)
    return dict(row)


# what a delete reads: the columns its checks look at and the wire form it sends (no description, user
# data, tags, fault... to decode)
_GET_TO_SEND = sa.select(
    *(t.instances.c[name] for name in dict.fromkeys(("uuid", "project_id", "locked", "task_state", *WIRE_FIELDS)))
).where(t.instances.c.uuid == sa.bindparam("instance_uuid"), t.instances.c.deleted.is_(False))


def get_to_send(conn: Connection, uuid: str, ctx: Context | None = None) -> dict[str, Any]:
    """``get`` with only the columns of ``wire`` (and locked): for a request that checks and hands on."""
    return _scoped(conn, _GET_TO_SEND, uuid, ctx)


# what a server's body shows (views.detail): every column but the few it never reads
_NOT_SHOWN = frozenset({"old_flavor", "new_flavor", "key_data", "locked_by", "addresses", "security_groups",
                        "requested_networks", "deleted", "deleted_at"})
# and whether it is in a server group (most are not: then the body's server_groups asks nothing more)
_GET_TO_VIEW = sa.select(
    *(c for c in t.instances.c if c.name not in _NOT_SHOWN),
    sa.exists().where(t.server_group_members.c.instance_id == t.instances.c.uuid).label("grouped"),
).where(t.instances.c.uuid == sa.bindparam("instance_uuid"), t.instances.c.deleted.is_(False))


def get_to_view(conn: Connection, uuid: str, ctx: Context | None = None) -> dict[str, Any]:
    """``get`` without the columns a server's body never shows (a GET /servers/{id} reads no more), with
    ``grouped``: whether it is a member of a server group."""
    return _scoped(conn, _GET_TO_VIEW, uuid, ctx)


def wire(row: dict[str, Any]) -> dict[str, Any]:
    """What a compute manager is told about an instance: plain data, no store handle."""
    return {k: row.get(k) for k in WIRE_FIELDS}


# what the conductor schedules a new instance by (Nova's RequestSpec, small): the API sends it with the
# build, as it recorded it, so the conductor need not read the row back before it asks the scheduler
BUILD_REQUEST_FIELDS = ("uuid", "display_name", "project_id", "user_id", "flavor", "system_metadata",
                        "scheduler_hints")


def build_request(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in BUILD_REQUEST_FIELDS}


# Statements built once (SQLAlchemy memoizes a statement's cache key on the object).
_NEW_ACTION = t.instance_actions.insert()
_ACTION_OF = sa.select(t.instance_actions.c.id, t.instance_actions.c.events).where(
    t.instance_actions.c.instance_uuid == sa.bindparam("instance_uuid"),
    t.instance_actions.c.request_id == sa.bindparam("request_id")).order_by(t.instance_actions.c.id.desc())
_UPDATE_ACTION = t.instance_actions.update().where(t.instance_actions.c.id == sa.bindparam("b_id"))


def start_action(conn: Connection, now: datetime, instance_uuid: str, action: str, request_id: str,
                 project_id: str | None, user_id: str | None) -> None:
    conn.execute(_NEW_ACTION, {"instance_uuid": instance_uuid, "request_id": request_id, "action": action,
                               "project_id": project_id, "user_id": user_id, "message": None, "start_time": now,
                               "finish_time": None, "updated_at": now, "events": []})


# SQLite appends an event to the action's list in the UPDATE itself (json_insert at '$[#]'): no read of the
# row and its events first (a build and a delete each close their action so); other databases read, then write
_LATEST_ACTION = (sa.select(t.instance_actions.c.id).where(
    t.instance_actions.c.instance_uuid == sa.bindparam("b_instance_uuid"),
    t.instance_actions.c.request_id == sa.bindparam("b_request_id"))
    .order_by(t.instance_actions.c.id.desc()).limit(1).scalar_subquery())
_APPENDED = sa.func.json_insert(sa.func.coalesce(t.instance_actions.c.events, "[]"), "$[#]",
                                sa.func.json(sa.bindparam("b_event", type_=sa.String)))
_APPEND_EVENT = {
    finish: t.instance_actions.update().where(t.instance_actions.c.id == _LATEST_ACTION).values(
        events=_APPENDED, updated_at=sa.bindparam("b_now"),
        **({"finish_time": sa.bindparam("b_now")} if finish else {}))
    for finish in (False, True)
}


def add_event(conn: Connection, now: datetime, instance_uuid: str, request_id: str, event: str,
              result: str = "Success", host: str | None = None, traceback: str | None = None,
              finish: bool = False) -> None:
    """Record one event (``compute_stop_instance``) on the action of this request; ``finish`` closes it."""
    stamp = now.isoformat()
    record = {
        "event": event,
        "start_time": stamp,
        "finish_time": stamp,
        "result": result,
        "traceback": traceback,
        "host": host,
        "hostId": None,
        "details": None if result == "Success" else traceback,
    }
    failed = finish and result != "Success"
    if conn.dialect.name == "sqlite" and not failed:
        conn.execute(_APPEND_EVENT[finish], {"b_instance_uuid": instance_uuid, "b_request_id": request_id,
                                             "b_event": jsonfast.dumps_str(record), "b_now": now})
        return
    row = conn.execute(_ACTION_OF, {"instance_uuid": instance_uuid, "request_id": request_id}).first()
    if row is None:
        return
    values: dict[str, Any] = {"events": [*(row.events or []), record], "updated_at": now}
    if finish:
        values["finish_time"] = now
        if failed:
            values["message"] = "Error"
    conn.execute(_UPDATE_ACTION, {"b_id": row.id, **values})


# the nodes of some hosts (one each: compute_nodes.host is unique), and the usage of one written with the
# count of its host's live instances counted in the UPDATE itself
_NODES_OF = sa.select(t.nodes.c.uuid).where(t.nodes.c.host.in_(sa.bindparam("hosts", expanding=True)))
_SET_USED = (
    t.nodes.update()
    .where(t.nodes.c.uuid == sa.bindparam("b_uuid"))
    .values(
        vcpus_used=sa.bindparam("b_vcpus"),
        memory_mb_used=sa.bindparam("b_memory"),
        local_gb_used=sa.bindparam("b_disk"),
        running_vms=sa.select(sa.func.count())
        .where(t.instances.c.host == t.nodes.c.host, t.instances.c.deleted.is_(False))
        .scalar_subquery(),
    )
)


def refresh_usage(cloud: Cloud, conn: Connection, hosts: list[str], nodes: list[str] | None = None) -> None:
    """Nova's resource tracker, small: the nodes' used columns follow Placement's usages. ``nodes``: the
    node uuids of ``hosts`` when the caller knows them (a build knows its destination's)."""
    hosts = [h for h in dict.fromkeys(hosts) if h]
    if not hosts:
        return
    if nodes is None:
        nodes = [uuid for (uuid,) in conn.execute(_NODES_OF, {"hosts": hosts})]
    for node_uuid in nodes:
        used = placement_client.usages(cloud, conn, node_uuid)
        conn.execute(
            _SET_USED,
            {
                "b_uuid": node_uuid,
                "b_vcpus": int(used.get("VCPU", 0)),
                "b_memory": int(used.get("MEMORY_MB", 0)),
                "b_disk": int(used.get("DISK_GB", 0)),
            },
        )
