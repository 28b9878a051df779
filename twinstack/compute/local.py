"""Compute's in-process interface for the other services (docs/internal-interfaces.md): Neutron's
agents and Cinder's zones ask which hosts exist, port and volume checks ask whether a server does."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.compute.manager import states as s
from twinstack.core.context import Context
from twinstack.core.errors import ApiError

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def instance_exists(cloud: Cloud, conn: Connection, instance_uuid: str) -> bool:
    return conn.execute(sa.select(t.instances.c.id).where(
        t.instances.c.uuid == instance_uuid, t.instances.c.deleted.is_(False))).first() is not None


def host_names(cloud: Cloud, conn: Connection) -> list[str]:
    return [h for (h,) in conn.execute(sa.select(t.nodes.c.host).order_by(t.nodes.c.host))]


def hosts_overview(cloud: Cloud, conn: Connection) -> list[dict[str, Any]]:
    """Every compute host with its service state and how many servers it holds, in one statement
    (the control plane's console draws all of them, up to tens of thousands)."""
    counts = (
        sa.select(t.instances.c.host, sa.func.count().label("servers"))
        .where(t.instances.c.deleted.is_(False), t.instances.c.host.is_not(None))
        .group_by(t.instances.c.host)
        .subquery()
    )
    svc = t.services
    query = (
        sa.select(t.nodes.c.uuid, t.nodes.c.host, t.nodes.c.availability_zone, svc.c.disabled, svc.c.forced_down,
                  sa.func.coalesce(counts.c.servers, 0))
        .select_from(t.nodes.outerjoin(svc, sa.and_(svc.c.host == t.nodes.c.host, svc.c.binary == "nova-compute"))
                     .outerjoin(counts, counts.c.host == t.nodes.c.host))
        .order_by(t.nodes.c.id)
    )
    return [
        {"uuid": uuid, "name": host, "zone": zone, "servers": int(servers),
         "state": "down" if forced_down else "disabled" if disabled else "up"}
        for uuid, host, zone, disabled, forced_down, servers in conn.execute(query)
    ]


def _server(row: Any) -> dict[str, Any]:
    flavor = row.flavor or {}
    return {"id": row.uuid, "name": row.display_name, "host": row.host,
            "status": s.status(row.vm_state, row.task_state), "project_id": row.project_id,
            "flavor": flavor.get("name"), "vcpus": flavor.get("vcpus"), "ram": flavor.get("ram")}


_SERVER_COLUMNS = (t.instances.c.uuid, t.instances.c.display_name, t.instances.c.host, t.instances.c.vm_state,
                   t.instances.c.task_state, t.instances.c.project_id, t.instances.c.flavor)


def servers_on_host(cloud: Cloud, conn: Connection, host: str, limit: int = 1000) -> list[dict[str, Any]] | None:
    """The live servers on one host (oldest first), for the console's host panel; None: no such host."""
    if conn.execute(sa.select(t.nodes.c.id).where(t.nodes.c.host == host)).first() is None:
        return None
    rows = conn.execute(sa.select(*_SERVER_COLUMNS).where(t.instances.c.host == host, t.instances.c.deleted.is_(False))
                        .order_by(t.instances.c.id).limit(limit))
    return [_server(row) for row in rows]


def find_servers(cloud: Cloud, conn: Connection, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Live servers whose id starts with ``text`` or whose name contains it (case-insensitive)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = (
        sa.select(*_SERVER_COLUMNS)
        .where(t.instances.c.deleted.is_(False),
               sa.or_(t.instances.c.uuid.startswith(text, autoescape=True),
                      t.instances.c.display_name.ilike(pattern, escape="\\")))
        .order_by(t.instances.c.id)
        .limit(limit)
    )
    return [_server(row) for row in conn.execute(query)]


# -- servers for a service that boots its own (Octavia's amphorae) --------------------------------------
# The caller names a Context (its service user, scoped to its service project); the boot runs Nova's
# compute API with it (the same checks, quota and build path as POST /servers), then the conductor's
# usual cast: the server turns ACTIVE (or ERROR) on its own, which ``server_state`` (below) reports.


def find_flavor_id(cloud: Cloud, conn: Connection, name_or_id: str) -> str | None:
    """A flavor's id by its id or its name."""
    c = t.flavors.c
    row = conn.execute(sa.select(c.id).where(sa.or_(c.id == name_or_id, c.name == name_or_id))
                       .order_by((c.id == name_or_id).desc())).first()
    return str(row[0]) if row is not None else None


async def boot_server(cloud: Cloud, caller: Context, name: str, flavor_id: str, image_id: str,
                      network_id: str | None, metadata: dict[str, str] | None = None,
                      availability_zone: str | None = None) -> str:
    """Create one server (on ``network_id``, or with no network) and return its uuid; the build goes on
    in the background. Nova's 4xx (flavor, image, quota) are raised as they are."""
    from twinstack.compute.manager import api
    from twinstack.compute.manager.context import RequestContext
    server: dict[str, Any] = {"name": name, "flavorRef": flavor_id, "imageRef": image_id,
                              "networks": [{"uuid": network_id}] if network_id else "none",
                              "metadata": dict(metadata or {})}
    if availability_zone:
        server["availability_zone"] = availability_zone
    ctx = RequestContext(cloud, caller, f"req-{uuid.uuid4()}")
    created = await api.create(ctx, server, {})
    return str(created.instances[0]["uuid"])



# -- for Heat's OS::Nova::* resources ---------------------------------------------------------------
# Heat's engine acts with the stack owner's context through these, as its nova client plugin calls the
# API: the same validation, policy, quota and state checks, at a fixed microversion (Heat's 2.79 default).
from twinstack.compute.manager import actions as _actions  # noqa: E402  (this block stays at the end)
from twinstack.compute.manager import api as _capi  # noqa: E402
from twinstack.compute.manager import instances as _inst  # noqa: E402
from twinstack.compute.manager.context import RequestContext as _RequestContext  # noqa: E402
from twinstack.core.ids import uuid_str  # noqa: E402

_VERSION = (2, 79)


def _ctx(cloud: Cloud, caller: Context) -> _RequestContext:
    return _RequestContext(cloud, caller, "req-" + uuid_str(), _VERSION)


def find_flavor(cloud: Cloud, caller: Context, ref: str) -> dict[str, Any]:
    """A flavor the caller may use, by id or else by name (Heat's nova client plugin does both); 404."""
    with cloud.store.read() as conn:
        try:
            return _capi.find_flavor(_ctx(cloud, caller), conn, ref, status=404)
        except ApiError:
            row = conn.execute(sa.select(t.flavors.c.id).where(t.flavors.c.name == ref)).first()
            if row is None:
                raise
            return _capi.find_flavor(_ctx(cloud, caller), conn, row[0], status=404)


async def create_server(cloud: Cloud, caller: Context, server: dict[str, Any],
                        hints: dict[str, Any] | None = None) -> str:
    """``POST /servers`` for one server; returns its id (the build goes on as the API's would)."""
    # imported here, not with the module: JSON Schema validation (jsonschema, ~45 ms) is not needed to
    # start the cloud; the API's handlers import it too, in the warm-up after ready
    from twinstack.compute.schemas import servers as _server_schemas
    from twinstack.core.validation import validate

    body = validate({"server": server}, _server_schemas.create_schema(_VERSION))
    ctx = _ctx(cloud, caller)
    ctx.can("os_compute_api:servers:create", {"project_id": ctx.project_id, "user_id": ctx.user_id})
    created = await _capi.create(ctx, body["server"], hints or {})
    return str(created.instances[0]["uuid"])


def server_state(cloud: Cloud, uuid: str) -> dict[str, Any] | None:
    """What Heat polls: the API status, the fault, the flavor and the addresses; None once deleted."""
    with cloud.store.read() as conn:
        try:
            row = _inst.get(conn, uuid)
        except ApiError:
            return None
        return {"id": row["uuid"], "name": row["display_name"], "status": s.status(row["vm_state"],
                                                                                          row["task_state"]),
                "vm_state": row["vm_state"], "task_state": row["task_state"], "fault": row["fault"],
                "flavor_id": str((row["flavor"] or {}).get("id")), "host": row["host"],
                "instance_name": f"instance-{row['id']:08x}", "access_ip_v4": row["access_ip_v4"] or "",
                "access_ip_v6": row["access_ip_v6"] or ""}


async def delete_server(cloud: Cloud, caller: Context, uuid: str) -> None:
    await _capi.delete(_ctx(cloud, caller), uuid)


async def resize_server(cloud: Cloud, caller: Context, uuid: str, flavor_id: str) -> None:
    await _actions.resize(_ctx(cloud, caller), uuid, flavor_id, None)


async def confirm_resize(cloud: Cloud, caller: Context, uuid: str) -> None:
    await _actions.confirm_resize(_ctx(cloud, caller), uuid)


async def attach_volume(cloud: Cloud, caller: Context, uuid: str, volume_id: str, device: str | None = None) -> str:
    """``POST /servers/{id}/os-volume_attachments``; returns the device the volume got."""
    _, bdm = await _capi.attach_volume_to(_ctx(cloud, caller), uuid, volume_id, device, None, False)
    return str(bdm["device_name"])


async def detach_volume(cloud: Cloud, caller: Context, uuid: str, volume_id: str) -> None:
    await _capi.detach_volume_from(_ctx(cloud, caller), uuid, volume_id)


def rename_server(cloud: Cloud, caller: Context, uuid: str, name: str) -> None:
    """``PUT /servers/{id}`` with a new name."""
    _capi.update(_ctx(cloud, caller), uuid, {"name": name}, lambda conn, row: None)


def create_keypair(cloud: Cloud, caller: Context, name: str, public_key: str | None = None,
                   key_type: str = "ssh") -> dict[str, Any]:
    """``POST /os-keypairs`` for the caller: imported, or generated (the answer then holds private_key)."""
    from twinstack.compute.manager.keys import generate, ssh_fingerprint, x509_fingerprint
    from twinstack.compute.manager.quota import count_usage, limits_for

    cloud.policy.authorize("os_compute_api:os-keypairs:create", {"user_id": caller.user_id}, caller)
    private = None
    if public_key:
        fingerprint = x509_fingerprint(public_key) if key_type == "x509" else ssh_fingerprint(public_key)
    else:
        private, public_key, fingerprint = generate(key_type, caller.user_id, name)
    with cloud.store.begin() as conn:
        limit = limits_for(conn, caller.project_id or "", caller.user_id).get("key_pairs", -1)
        used = count_usage(conn, caller.project_id or "", caller.user_id, ["key_pairs"])["key_pairs"]
        if limit >= 0 and used + 1 > limit:
            raise ApiError(403, "Quota exceeded, too many key pairs.", "KeypairLimitExceeded")
        if conn.execute(sa.select(t.keypairs.c.id).where(t.keypairs.c.user_id == caller.user_id,
                                                         t.keypairs.c.name == name)).first():
            raise ApiError(409, f"Key pair '{name}' already exists.", "KeyPairExists")
        conn.execute(t.keypairs.insert().values(name=name, user_id=caller.user_id, type=key_type,
                                                public_key=public_key, fingerprint=fingerprint,
                                                created_at=cloud.clock.now()))
    return {"name": name, "public_key": public_key, "fingerprint": fingerprint, "type": key_type,
            "user_id": caller.user_id, "private_key": private}


def delete_keypair(cloud: Cloud, caller: Context, name: str) -> None:
    cloud.policy.authorize("os_compute_api:os-keypairs:delete", {"user_id": caller.user_id}, caller)
    with cloud.store.begin() as conn:
        gone = conn.execute(t.keypairs.delete().where(t.keypairs.c.user_id == caller.user_id,
                                                      t.keypairs.c.name == name))
    if not gone.rowcount:
        raise ApiError(404, f"Keypair {name} not found for user {caller.user_id}", "KeypairNotFound")


def create_flavor(cloud: Cloud, caller: Context, name: str, vcpus: int, ram: int, disk: int, ephemeral: int = 0,
                  swap: int = 0, rxtx_factor: float = 1.0, is_public: bool = True,
                  extra_specs: dict[str, str] | None = None, flavor_id: str | None = None) -> dict[str, Any]:
    """``POST /flavors`` (admin's, by Nova's default policy)."""
    from twinstack.compute.manager.flavors import create_flavor as insert

    cloud.policy.authorize("os_compute_api:os-flavor-manage:create", {}, caller)
    with cloud.store.begin() as conn:
        flavor = insert(conn, name, vcpus, ram, disk, cloud.clock.now(), flavor_id, ephemeral, swap, rxtx_factor,
                        is_public, None, extra_specs)
        if not is_public and caller.project_id:
            conn.execute(t.flavor_access.insert().values(flavor_id=flavor["id"], project_id=caller.project_id))
    return flavor


def delete_flavor(cloud: Cloud, caller: Context, flavor_id: str) -> None:
    cloud.policy.authorize("os_compute_api:os-flavor-manage:delete", {}, caller)
    with cloud.store.begin() as conn:
        if conn.execute(sa.select(t.flavors.c.id).where(t.flavors.c.id == flavor_id)).first() is None:
            raise ApiError(404, f"Flavor {flavor_id} could not be found.", "FlavorNotFound")
        conn.execute(t.flavor_access.delete().where(t.flavor_access.c.flavor_id == flavor_id))
        conn.execute(t.flavors.delete().where(t.flavors.c.id == flavor_id))


def create_server_group(cloud: Cloud, caller: Context, name: str, policy: str,
                        rules: dict[str, Any] | None = None) -> dict[str, Any]:
    """``POST /os-server-groups`` (2.64's single policy)."""
    from twinstack.compute.manager import quota

    project_id = caller.project_id or ""
    cloud.policy.authorize("os_compute_api:os-server-groups:create", {"project_id": project_id}, caller)
    if policy not in ("affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"):
        raise ApiError(400, f"Invalid input for field/attribute policy. Value: {policy}.")
    if policy != "anti-affinity" and rules:
        raise ApiError(400, "Only anti-affinity policy supports rules.")
    row = {"id": uuid_str(), "name": name, "project_id": project_id, "user_id": caller.user_id, "policy": policy,
           "rules": {k: int(v) for k, v in (rules or {}).items()}, "created_at": cloud.clock.now()}
    with cloud.store.begin() as conn:
        try:
            quota.check_quota(conn, project_id, caller.user_id, {"server_groups": 1})
        except ApiError:
            raise ApiError(403, "Quota exceeded, too many server groups.", "ServerGroupLimitExceeded") from None
        conn.execute(t.server_groups.insert().values(**row))
    return row


def delete_server_group(cloud: Cloud, caller: Context, group_id: str) -> None:
    with cloud.store.begin() as conn:
        row = conn.execute(sa.select(t.server_groups).where(t.server_groups.c.id == group_id)).first()
        if row is None:
            raise ApiError(404, f"Instance group {group_id} could not be found.", "InstanceGroupNotFound")
        cloud.policy.authorize("os_compute_api:os-server-groups:delete", {"project_id": row.project_id}, caller)
        conn.execute(t.server_group_members.delete().where(t.server_group_members.c.group_id == group_id))
        conn.execute(t.server_groups.delete().where(t.server_groups.c.id == group_id))


# -- for `twinstack role compute` (twinstack/cluster): the agent is compute's own process -------------
def parse_hosts(spec: str) -> list[str]:
    """``compute-[1-2500],gpu-1`` as host names."""
    from twinstack.compute import cluster

    return cluster.parse_hosts(spec)


async def run_compute_agent(transport_url: str, hosts: list[str], name: str, report_interval: float,
                            prefix: str) -> None:
    """A compute agent until SIGTERM/SIGINT: its hosts' managers on the bus, no store."""
    from twinstack.compute import cluster

    await cluster.Agent(transport_url, hosts, name, report_interval, prefix=prefix).run()
