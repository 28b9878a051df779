"""The operator-facing and small APIs: quota sets, limits, availability zones, services, pools
(scheduler-stats, capacity really allocated), backend capabilities, messages (3.3), extensions."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.block_storage import errors, manager
from twinstack.block_storage import tables as t
from twinstack.block_storage.api import common
from twinstack.block_storage.manager import quotas
from twinstack.block_storage.views import ts
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty


# -- quotas ----------------------------------------------------------------------------------------
async def quota_show(req: Req) -> Any:
    common.project_of(req)
    target = req.params["target_project"]
    req.authorize("volume_extension:quotas:show", {"project_id": target})
    usage = to_bool(req.query.get("usage"))
    with req.cloud.store.read() as conn:
        limits = quotas.limits(req.cloud, conn, target)
        used = quotas.usage(conn, target) if usage else {}
    body: dict[str, Any] = {"id": target}
    for res, limit in limits.items():
        body[res] = {"limit": limit, "in_use": used.get(res, 0), "reserved": 0, "allocated": 0} if usage else limit
    return {"quota_set": body}


async def quota_defaults(req: Req) -> Any:
    common.project_of(req)
    target = req.params["target_project"]
    with req.cloud.store.read() as conn:
        values = quotas.defaults(req.cloud, conn)
    return {"quota_set": {"id": target, **values}}


async def quota_update(req: Req) -> Any:
    common.project_of(req)
    target = req.params["target_project"]
    req.authorize("volume_extension:quotas:update", {"project_id": target})
    spec = await common.body_member(req, "quota_set")
    with req.cloud.store.begin() as conn:
        known = quotas.defaults(req.cloud, conn)
        bad = [k for k in spec if k not in known and k not in ("id", "tenant_id")]
        if bad:
            raise errors.bad_request(f"Bad key(s) in quota set: {', '.join(bad)}")
        values: dict[str, int] = {}
        for key, value in spec.items():
            if key in ("id", "tenant_id"):
                continue
            try:
                number = int(value)
                if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                    raise ValueError
            except (TypeError, ValueError, OverflowError):
                raise errors.invalid_input(f"{key} must be an integer.") from None
            if number < -1:
                raise errors.invalid_input(f"Quota value {number} for {key} must be greater than or equal to -1.")
            if number > 2147483647:
                raise errors.invalid_input(f"Quota value {number} for {key} must be less than or equal to 2147483647.")
            values[key] = number
        used = quotas.usage(conn, target)
        for key, number in values.items():
            if number >= 0 and key != "per_volume_gigabytes" and used.get(key, 0) > number:
                raise errors.bad_request(f"Quota limit invalid for project '{target}' for resource '{key}': limit of "
                                         f"{number} is less than in-use value of {used[key]}")
        quotas.set_limits(conn, target, values)
        limits = quotas.limits(req.cloud, conn, target)
    return {"quota_set": limits}


async def quota_delete(req: Req) -> Any:
    common.project_of(req)
    target = req.params["target_project"]
    req.authorize("volume_extension:quotas:delete", {"project_id": target})
    with req.cloud.store.begin() as conn:
        quotas.clear(conn, target)
    return empty(200)


async def quota_class_show(req: Req) -> Any:
    common.project_of(req)
    req.authorize("volume_extension:quota_classes:get", {"project_id": req.context.project_id})
    with req.cloud.store.read() as conn:
        values = quotas.defaults(req.cloud, conn)
    return {"quota_class_set": {"id": req.params["class_name"], **values}}


async def quota_class_update(req: Req) -> Any:
    """Only the ``default`` class matters (Cinder's defaults for every project without overrides)."""
    common.project_of(req)
    req.authorize("volume_extension:quota_classes:update", {"project_id": req.context.project_id})
    spec = await common.body_member(req, "quota_class_set")
    with req.cloud.store.begin() as conn:
        known = quotas.defaults(req.cloud, conn)
        values: dict[str, int] = {}
        for key, value in spec.items():
            if key not in known:
                continue  # Cinder ignores unknown keys here
            try:
                values[key] = int(value)
                if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                    raise ValueError
            except (TypeError, ValueError, OverflowError):
                raise errors.invalid_input(f"{key} must be an integer.") from None
            if values[key] > 2147483647:
                raise errors.invalid_input(f"Quota value {values[key]} for {key} must be less than or equal to "
                                           "2147483647.")
            if values[key] < -1:
                raise errors.invalid_input(f"Quota value {values[key]} for {key} must be greater than or equal to -1.")
        if req.params["class_name"] == "default":
            quotas.set_limits(conn, quotas.DEFAULT_CLASS, values)
        result = quotas.defaults(req.cloud, conn)
    return {"quota_class_set": result}


async def limits(req: Req) -> Any:
    project_id = common.project_of(req)
    target = req.query.get("project_id") if req.context.is_admin and req.query.get("project_id") else project_id
    with req.cloud.store.read() as conn:
        absolute = quotas.absolute_limits(req.cloud, conn, target)
    return {"limits": {"rate": [], "absolute": absolute}}


# -- zones, services, pools ------------------------------------------------------------------------
async def availability_zones(req: Req) -> Any:
    common.project_of(req)
    with req.cloud.store.read() as conn:
        rows = conn.execute(sa.select(t.services.c.availability_zone, sa.func.max(sa.case(
            (t.services.c.disabled.is_(False), 1), else_=0))).where(t.services.c.binary == "cinder-volume")
            .group_by(t.services.c.availability_zone)).all()
    return {"availabilityZoneInfo": [{"zoneName": zone, "zoneState": {"available": bool(up)}} for zone, up in rows]}


def _service_view(req: Req, row: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "binary": row["binary"], "host": row["host"], "zone": row["availability_zone"],
        "status": "disabled" if row["disabled"] else "enabled", "state": "up",
        "updated_at": ts(row["updated_at"]), "disabled_reason": row["disabled_reason"],
    }
    if req.at_least(3, 7):
        body["cluster"] = None
    if row["binary"] == "cinder-volume":
        body.update(replication_status="disabled", active_backend_id=None, frozen=bool(row["frozen"]))
        if req.at_least(3, 49):
            body["backend_state"] = "up"
    return body


async def services(req: Req) -> Any:
    common.project_of(req)
    req.authorize("volume_extension:services:index", {"project_id": req.context.project_id})
    query = sa.select(t.services).order_by(t.services.c.id)
    if req.query.get("host"):
        # host matches the service host and every backend on it (host@backend), as Cinder's filter does
        host = req.query["host"]
        query = query.where(sa.or_(t.services.c.host == host, t.services.c.host.like(f"{host}@%")))
    if req.query.get("binary"):
        query = query.where(t.services.c.binary == req.query["binary"])
    with req.cloud.store.read() as conn:
        rows = conn.execute(query).mappings().all()
    # services heartbeat while the cloud runs
    now = manager.now(req.cloud)
    return {"services": [_service_view(req, {**r, "updated_at": now}) for r in rows]}


async def service_update(req: Req) -> Any:
    common.project_of(req)
    req.authorize("volume_extension:services:update", {"project_id": req.context.project_id})
    action = req.params["action"]
    body = await req.json()
    if not isinstance(body, dict):
        raise errors.bad_request("Malformed request body")
    if action not in ("enable", "disable", "disable-log-reason", "freeze", "thaw"):
        raise ApiError(404, f"Unknown action '{action}'", "HTTPNotFound")
    host, binary = body.get("host"), body.get("binary") or body.get("service") or "cinder-volume"
    if not host:
        raise errors.bad_request("Missing required element 'host' in request body.")
    if not isinstance(host, str) or not isinstance(binary, str):
        raise errors.bad_request("Invalid input: host and binary must be strings.")
    values: dict[str, Any] = {"updated_at": manager.now(req.cloud)}
    if action == "enable":
        values.update(disabled=False, disabled_reason=None)
    elif action in ("disable", "disable-log-reason"):
        reason = body.get("disabled_reason") if action == "disable-log-reason" else None
        if action == "disable-log-reason" and (not isinstance(reason, str) or not reason.strip() or len(reason) > 255):
            raise errors.bad_request("Disabled reason contains invalid characters or is too long")
        values.update(disabled=True, disabled_reason=reason)
    else:
        values["frozen"] = action == "freeze"
    with req.cloud.store.begin() as conn:
        if action in ("freeze", "thaw"):
            # a backend host: every cinder-volume service on it (host@backend)
            where = sa.and_(t.services.c.binary == "cinder-volume",
                            sa.or_(t.services.c.host == host, t.services.c.host.like(f"{host}@%")))
            result = conn.execute(t.services.update().where(where).values(**values))
            if result.rowcount == 0:
                raise errors.bad_request(f"Invalid host: No service found with host={host}")
        else:
            result = conn.execute(t.services.update().where(t.services.c.host == host,
                                                            t.services.c.binary == binary).values(**values))
            if result.rowcount == 0:
                raise ApiError(404, f"Service {binary} could not be found.", "ServiceNotFound")
    if action in ("freeze", "thaw"):
        return empty(200)
    out = {"host": host, "service": binary, "binary": binary, "disabled": values["disabled"],
           "status": "disabled" if values["disabled"] else "enabled"}
    if action == "disable-log-reason":
        out["disabled_reason"] = values["disabled_reason"]
    return out


def _pool(row: Any, stamp: str | None) -> dict[str, Any]:
    free = row["capacity_gb"] - row["allocated_gb"]
    return {
        "name": f"{row['host']}#{row['volume_backend_name']}",
        "capabilities": {
            "pool_name": row["volume_backend_name"], "total_capacity_gb": row["capacity_gb"],
            "free_capacity_gb": free, "allocated_capacity_gb": row["allocated_gb"],
            "provisioned_capacity_gb": row["allocated_gb"], "reserved_percentage": row["reserved_percentage"],
            "max_over_subscription_ratio": "1.0", "thin_provisioning_support": False,
            "thick_provisioning_support": True, "volume_backend_name": row["volume_backend_name"],
            "storage_protocol": row["storage_protocol"], "driver_version": "3.0.0", "vendor_name": "Open Source",
            "QoS_support": False, "multiattach": True, "location_info": f"LVMVolumeDriver:{row['host']}",
            "timestamp": stamp, "updated": stamp, "filter_function": None, "goodness_function": None,
            "backend_state": "up", "availability_zone": row["availability_zone"],
        },
    }


async def pools(req: Req) -> Any:
    common.project_of(req)
    req.authorize("scheduler_extension:scheduler_stats:get_pools", {"project_id": req.context.project_id})
    detail = to_bool(req.query.get("detail"))
    query = sa.select(t.backends).order_by(t.backends.c.name)
    if req.query.get("name"):
        query = query.where((t.backends.c.host + "#" + t.backends.c.volume_backend_name)
                            == req.query["name"])
    if req.query.get("volume_type"):
        with req.cloud.store.read() as conn:
            vt = manager.find_type(conn, req.query["volume_type"])
        backend_name = (vt["extra_specs"] or {}).get("volume_backend_name")
        if backend_name:
            query = query.where(t.backends.c.volume_backend_name == backend_name)
    stamp = ts(manager.now(req.cloud))
    with req.cloud.store.read() as conn:
        rows = conn.execute(query).mappings().all()
    items = [_pool(r, stamp) for r in rows]
    if not detail:
        items = [{"name": p["name"]} for p in items]
    return {"pools": items}


async def capabilities(req: Req) -> Any:
    common.project_of(req)
    req.authorize("volume_extension:capabilities", {"project_id": req.context.project_id})
    host = req.params["host"]
    with req.cloud.store.read() as conn:
        row = conn.execute(sa.select(t.backends).where(sa.or_(t.backends.c.host == host,
                                                              t.backends.c.name == host))).mappings().first()
    if row is None:
        raise ApiError(404, f"Service {host} could not be found.", "ServiceNotFound")
    return {"namespace": f"OS::Storage::Capabilities::{row['host']}", "vendor_name": "Open Source",
            "volume_backend_name": row["volume_backend_name"], "pool_name": None, "driver_version": "3.0.0",
            "storage_protocol": row["storage_protocol"], "display_name": None, "description": None,
            "visibility": None, "replication_targets": [],
            "properties": {"thin_provisioning": {"title": "Thin Provisioning", "description": "Sets thin provisioning.",
                                                 "type": "boolean"}}}


# -- messages, extensions --------------------------------------------------------------------------
def _message_view(req: Req, row: Any) -> dict[str, Any]:
    from twinstack.block_storage.views import links

    return {"id": row["id"], "request_id": row["request_id"], "message_level": row["message_level"],
            "event_id": row["event_id"], "created_at": ts(row["created_at"]),
            "guaranteed_until": ts(row["expires_at"]), "resource_uuid": row["resource_uuid"],
            "resource_type": row["resource_type"], "user_message": row["user_message"],
            "links": links(req, "messages", row["id"])}


def _find_message(req: Req, conn: Any) -> Any:
    query = sa.select(t.messages).where(t.messages.c.id == req.params["message_id"])
    if not req.context.is_admin:
        query = query.where(t.messages.c.project_id == req.context.project_id)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise ApiError(404, f"Message {req.params['message_id']} could not be found.", "MessageNotFound")
    return row


async def messages(req: Req) -> Any:
    common.project_of(req)
    if not req.at_least(3, 3):
        raise ApiError(404, "The resource could not be found.", "HTTPNotFound")
    query = sa.select(t.messages).order_by(t.messages.c.created_at.desc(), t.messages.c.id)
    if not req.context.is_admin:
        query = query.where(t.messages.c.project_id == req.context.project_id)
    for key in ("resource_uuid", "resource_type", "event_id", "message_level", "request_id"):
        if req.query.get(key):
            query = query.where(t.messages.c[key] == req.query[key])
    with req.cloud.store.read() as conn:
        rows = conn.execute(query.limit(1000)).mappings().all()
    return {"messages": [_message_view(req, r) for r in rows]}


async def message_show(req: Req) -> Any:
    common.project_of(req)
    if not req.at_least(3, 3):
        raise ApiError(404, "The resource could not be found.", "HTTPNotFound")
    with req.cloud.store.read() as conn:
        return {"message": _message_view(req, _find_message(req, conn))}


async def message_delete(req: Req) -> Any:
    common.project_of(req)
    if not req.at_least(3, 3):
        raise ApiError(404, "The resource could not be found.", "HTTPNotFound")
    with req.cloud.store.begin() as conn:
        row = _find_message(req, conn)
        conn.execute(t.messages.delete().where(t.messages.c.id == row["id"]))
    return empty(204)


_EXTENSIONS = [
    ("AvailabilityZones", "os-availability-zone", "Describe Availability Zones."),
    ("Backups", "backups", "Backups support."),
    ("QuotaSets", "os-quota-sets", "Quota management support."),
    ("Services", "os-services", "Services support."),
    ("SchedulerStats", "scheduler-stats", "Scheduler stats support."),
    ("VolumeActions", "os-volume-actions", "Enable volume actions."),
    ("AdminActions", "os-admin-actions", "Enable admin actions."),
    ("VolumeTransfer", "os-volume-transfer", "Volume transfer management support."),
    ("TypesManage", "os-types-manage", "Types manage support."),
    ("TypesExtraSpecs", "os-types-extra-specs", "Type extra specs support."),
    ("VolumeTypeAccess", "os-volume-type-access", "Volume type access support."),
    ("SnapshotActions", "os-snapshot-actions", "Enable snapshot manager actions."),
    ("VolumeHostAttribute", "os-vol-host-attr", "Expose host as an attribute of a volume."),
    ("VolumeTenantAttribute", "os-vol-tenant-attr", "Expose the internal project_id as an attribute of a volume."),
    ("VolumeImageMetadata", "os-vol-image-meta", "Show image metadata associated with the volume."),
    ("UsedLimits", "os-used-limits", "Provide data on limited resources that are being used."),
]


async def extensions(req: Req) -> Any:
    common.project_of(req)
    return {"extensions": [{"alias": alias, "description": desc, "links": [], "name": name,
                            "updated": "2013-04-18T00:00:00+00:00"} for name, alias, desc in _EXTENSIONS]}


# -- os-hosts (the legacy hosts extension) ---------------------------------------------------------
async def hosts(req: Req) -> Any:
    common.project_of(req)
    req.authorize("volume_extension:hosts", {"project_id": req.context.project_id})
    with req.cloud.store.read() as conn:
        rows = conn.execute(sa.select(t.services).order_by(t.services.c.id)).mappings().all()
    stamp = ts(manager.now(req.cloud))
    return {"hosts": [{"service-status": "available", "service": r["binary"], "zone": r["availability_zone"],
                       "service-state": "disabled" if r["disabled"] else "enabled", "host_name": r["host"],
                       "last-update": stamp} for r in rows]}


async def host_show(req: Req) -> Any:
    """Usage on one cinder-volume host: a total line, then one line per project."""
    common.project_of(req)
    req.authorize("volume_extension:hosts", {"project_id": req.context.project_id})
    host = req.params["host"]
    with req.cloud.store.read() as conn:
        service = conn.execute(sa.select(t.services).where(t.services.c.host == host,
                                                           t.services.c.binary == "cinder-volume",
                                                           t.services.c.disabled.is_(False))).first()
        if service is None:
            raise ApiError(404, f"Host {host} could not be found.", "HostNotFound")
        backends = sa.select(t.backends.c.name).where(t.backends.c.host == host)
        vols = conn.execute(
            sa.select(t.volumes.c.project_id, sa.func.count(), sa.func.coalesce(sa.func.sum(t.volumes.c.size), 0))
            .where(t.volumes.c.backend.in_(backends))
            .group_by(t.volumes.c.project_id)
        ).all()
        snaps = {
            p: (c, g)
            for p, c, g in conn.execute(
                sa.select(
                    t.snapshots.c.project_id, sa.func.count(), sa.func.coalesce(sa.func.sum(t.snapshots.c.size), 0)
                )
                .where(t.snapshots.c.volume_id.in_(sa.select(t.volumes.c.id).where(t.volumes.c.backend.in_(backends))))
                .group_by(t.snapshots.c.project_id)
            )
        }

    def line(project: str, vc: int, vg: int, sc: int, sg: int) -> dict[str, Any]:
        return {
            "resource": {
                "host": host,
                "project": project,
                "volume_count": str(vc),
                "total_volume_gb": str(vg),
                "snapshot_count": str(sc),
                "total_snapshot_gb": str(sg),
            }
        }

    total = line(
        "(total)",
        sum(v[1] for v in vols),
        sum(int(v[2]) for v in vols),
        sum(s[0] for s in snaps.values()),
        sum(int(s[1]) for s in snaps.values()),
    )
    per_project = [line(p, c, int(g), *[int(x) for x in snaps.get(p, (0, 0))]) for p, c, g in vols]
    return {"host": [total, *per_project]}


# -- resource filters (3.33) -----------------------------------------------------------------------
RESOURCE_FILTERS = {
    "volume": [
        "name",
        "status",
        "metadata",
        "bootable",
        "migration_status",
        "availability_zone",
        "group_id",
        "size",
        "created_at",
        "updated_at",
        "consumes_quota",
    ],
    "backup": ["name", "status", "volume_id"],
    "snapshot": ["name", "status", "volume_id", "metadata", "availability_zone", "consumes_quota"],
    "group": ["name"],
    "group_snapshot": ["name", "status", "group_id"],
    "attachment": ["volume_id", "status", "instance_id", "attach_status"],
    "message": ["resource_uuid", "resource_type", "event_id", "request_id", "message_level"],
    "pool": ["name", "volume_type"],
    "volume_type": ["is_public", "extra_specs"],
}


async def resource_filters(req: Req) -> Any:
    common.project_of(req)
    if not req.at_least(3, 33):
        raise ApiError(404, "The resource could not be found.", "HTTPNotFound")
    wanted = req.query.get("resource")
    items = [
        {"resource": name, "filters": filters}
        for name, filters in RESOURCE_FILTERS.items()
        if wanted is None or wanted == name
    ]
    return {"resource_filters": items}
