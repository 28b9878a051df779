"""Nova's quota engine, small: limits (built-in defaults < quota class 'default' < project < user),
usage counted from the store (never cached, so it can never drift), and ``check_quota``, which the
servers API calls on create/resize and which refuses with Nova's own 403 messages."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.core.errors import ApiError

# nova/conf/quota.py defaults; the nova-network ones are fixed at -1 as Nova reports them with Neutron
DEFAULTS: dict[str, int] = {
    "instances": 10,
    "cores": 20,
    "ram": 51200,
    "metadata_items": 128,
    "injected_files": 5,
    "injected_file_content_bytes": 10240,
    "injected_file_path_bytes": 255,
    "key_pairs": 100,
    "server_groups": 10,
    "server_group_members": 10,
    "fixed_ips": -1,
    "floating_ips": -1,
    "security_groups": -1,
    "security_group_rules": -1,
}
RESOURCES = tuple(DEFAULTS)
NETWORK = ("fixed_ips", "floating_ips", "security_groups", "security_group_rules")
INJECTED = ("injected_files", "injected_file_content_bytes", "injected_file_path_bytes")
# resources whose usage Nova counts; the others are absolute limits with 0 in use
COUNTABLE = ("instances", "cores", "ram", "key_pairs", "server_groups", "server_group_members")


# -- limits ------------------------------------------------------------------------------------
# Statements built once, parameters bound per call: every boot checks the quota.
_CLASS_LIMITS = sa.select(t.quota_classes.c.resource, t.quota_classes.c.hard_limit).where(
    t.quota_classes.c.class_name == sa.bindparam("class_name"))


def class_limits(conn: Connection, class_name: str = "default") -> dict[str, int]:
    rows = conn.execute(_CLASS_LIMITS, {"class_name": class_name})
    return {r.resource: r.hard_limit for r in rows}


def defaults(conn: Connection) -> dict[str, int]:
    """The built-in defaults with the 'default' quota class laid over them."""
    values = dict(DEFAULTS)
    values.update({k: v for k, v in class_limits(conn).items() if k in values})
    return values


def overrides(conn: Connection, project_id: str, user_id: str = "") -> dict[str, int]:
    """Only what was set for this project ("" user) or this user in the project."""
    rows = conn.execute(sa.select(t.quotas.c.resource, t.quotas.c.hard_limit).where(
        t.quotas.c.project_id == project_id, t.quotas.c.user_id == (user_id or "")))
    return {r.resource: r.hard_limit for r in rows}


def _laid_over(base: dict[str, int], *layers: dict[str, int]) -> dict[str, int]:
    """``base`` with each layer's values for known resources laid over it, in order."""
    values = dict(base)
    for layer in layers:
        values.update({k: v for k, v in layer.items() if k in base})
    return values


def limits_for(conn: Connection, project_id: str, user_id: str | None = None) -> dict[str, int]:
    """Effective limits: a user's own limit, else the project's, else the default."""
    return _laid_over(*_layers(conn, project_id, user_id))


# the three layers under a project's and a user's limits in one statement (every boot checks its quota):
# 0 the 'default' quota class, 1 what was set for the project, 2 what was set for the user in it
_LAYERS = sa.union_all(
    sa.select(sa.literal_column("0").label("layer"), t.quota_classes.c.resource, t.quota_classes.c.hard_limit)
    .where(t.quota_classes.c.class_name == "default"),
    sa.select(sa.case((t.quotas.c.user_id == "", 1), else_=2).label("layer"), t.quotas.c.resource,
              t.quotas.c.hard_limit)
    .where(t.quotas.c.project_id == sa.bindparam("project_id"),
           t.quotas.c.user_id.in_([sa.bindparam("none"), sa.bindparam("user_id")])),
)


def _layers(conn: Connection, project_id: str,
            user_id: str | None) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """The defaults (built-in, the 'default' class over them), the project's and the user's overrides."""
    layers: tuple[dict[str, int], dict[str, int], dict[str, int]] = ({}, {}, {})
    for layer, resource, hard_limit in conn.execute(_LAYERS, {"project_id": project_id, "none": "",
                                                              "user_id": user_id or ""}):
        layers[int(layer)][resource] = hard_limit
    base = dict(DEFAULTS)
    base.update({k: v for k, v in layers[0].items() if k in base})
    return base, layers[1], layers[2]


# -- usage -------------------------------------------------------------------------------------
def _live_instances() -> Any:
    return sa.and_(t.instances.c.deleted.is_(False),
                   sa.or_(t.instances.c.vm_state != "soft-delete", t.instances.c.vm_state.is_(None)))


_INSTANCES_OF_PROJECT = sa.select(
    sa.func.count(), sa.func.sum(t.instances.c.flavor["vcpus"].as_integer()),
    sa.func.sum(t.instances.c.flavor["ram"].as_integer())).where(
    _live_instances(), t.instances.c.project_id == sa.bindparam("project_id"))
_INSTANCES_OF_USER = _INSTANCES_OF_PROJECT.where(t.instances.c.user_id == sa.bindparam("user_id"))


def count_usage(conn: Connection, project_id: str, user_id: str | None = None,
                resources: list[str] | tuple[str, ...] = COUNTABLE, group_id: str | None = None) -> dict[str, int]:
    """In-use counts, for the project (or only the user's part of it when user_id is given).

    key_pairs are always counted for the user (Nova's keypairs belong to users, not projects);
    server_group_members counts the user's live servers in ``group_id``.
    """
    usage = dict.fromkeys(resources, 0)
    if {"instances", "cores", "ram"} & set(resources):
        row = (conn.execute(_INSTANCES_OF_USER, {"project_id": project_id, "user_id": user_id}) if user_id
               else conn.execute(_INSTANCES_OF_PROJECT, {"project_id": project_id})).one()
        usage.update({"instances": int(row[0] or 0), "cores": int(row[1] or 0), "ram": int(row[2] or 0)})
    if "key_pairs" in resources and user_id:
        usage["key_pairs"] = int(conn.execute(sa.select(sa.func.count()).select_from(t.keypairs)
                                              .where(t.keypairs.c.user_id == user_id)).scalar() or 0)
    if "server_groups" in resources:
        where = [t.server_groups.c.project_id == project_id]
        if user_id:
            where.append(t.server_groups.c.user_id == user_id)
        usage["server_groups"] = int(conn.execute(sa.select(sa.func.count()).select_from(t.server_groups)
                                                  .where(*where)).scalar() or 0)
    if "server_group_members" in resources and group_id:
        query = (sa.select(sa.func.count()).select_from(t.server_group_members.join(
            t.instances, t.instances.c.uuid == t.server_group_members.c.instance_id))
            .where(t.server_group_members.c.group_id == group_id, t.instances.c.deleted.is_(False)))
        if user_id:
            query = query.where(t.instances.c.user_id == user_id)
        usage["server_group_members"] = int(conn.execute(query).scalar() or 0)
    for key in resources:
        usage.setdefault(key, 0)
    return {k: usage[k] for k in resources}


# -- enforcement -------------------------------------------------------------------------------
def _over(limits: dict[str, int], usage: dict[str, int], deltas: dict[str, int]) -> list[str]:
    return sorted(r for r, d in deltas.items()
                  if d > 0 and limits.get(r, -1) >= 0 and usage.get(r, 0) + d > limits[r])


def check_quota(conn: Connection, project_id: str, user_id: str, deltas: dict[str, int],
                group_id: str | None = None) -> None:
    """Refuse (403, Nova's message) when adding ``deltas`` would pass a project or user limit.

    ``deltas``: {"instances": n, "cores": n, "ram": n} on create, {"cores": d, "ram": d} on an upsize;
    also server_groups, key_pairs, server_group_members (with ``group_id``), metadata_items (the count
    itself, an absolute limit). Counting happens inside the caller's transaction, so a create that
    checks then writes cannot be overtaken by another writer.
    """
    deltas = {k: int(v) for k, v in deltas.items() if k in DEFAULTS and int(v) > 0}
    if not deltas:
        return
    base, project_set, user_set = _layers(conn, project_id, user_id)
    project_limits = _laid_over(base, project_set)
    user_limits = _laid_over(project_limits, user_set)
    # a resource unlimited (-1) for the project and for the user cannot be exceeded: it is not counted (a
    # count sums the project's live servers, which grows with them; a cloud with no quota skips it all)
    deltas = {r: d for r, d in deltas.items() if project_limits.get(r, -1) >= 0 or user_limits.get(r, -1) >= 0}
    if not deltas:
        return
    countable = [r for r in deltas if r in COUNTABLE]
    usage = count_usage(conn, project_id, None, countable, group_id)
    if "key_pairs" in deltas:
        usage["key_pairs"] = count_usage(conn, project_id, user_id, ["key_pairs"])["key_pairs"]
    if "server_group_members" in deltas:
        usage["server_group_members"] = count_usage(conn, project_id, user_id, ["server_group_members"],
                                                    group_id)["server_group_members"]
    overs = _over(project_limits, usage, deltas)
    used, limits = usage, project_limits
    if not overs and user_set:
        limits = user_limits
        used = count_usage(conn, project_id, user_id, countable, group_id)
        overs = _over(limits, used, deltas)
    if not overs:
        return
    _raise(overs, deltas, used, limits)


def _raise(overs: list[str], deltas: dict[str, int], used: dict[str, int], limits: dict[str, int]) -> None:
    if overs == ["server_groups"]:
        raise ApiError(403, "Quota exceeded, too many server groups.", "ServerGroupLimitExceeded")
    if overs == ["server_group_members"]:
        raise ApiError(403, "Quota exceeded, too many servers in group", "GroupMemberLimitExceeded")
    if overs == ["key_pairs"]:
        raise ApiError(403, "Quota exceeded, too many key pairs.", "KeypairLimitExceeded")
    if overs == ["metadata_items"]:
        raise ApiError(403, f"Maximum number of metadata items exceeds {limits['metadata_items']}",
                       "MetadataLimitExceeded")
    joined = ", ".join(overs)
    reqs = ", ".join(str(deltas[r]) for r in overs)
    useds = ", ".join(str(used.get(r, 0)) for r in overs)
    alloweds = ", ".join(str(limits[r]) for r in overs)
    raise ApiError(403, f"Quota exceeded for {joined}: Requested {reqs}, but already used {useds} "
                        f"of {alloweds} {joined}", "OverQuota")


def allowed_instances(conn: Connection, project_id: str, user_id: str, vcpus: int, ram: int,
                      requested: int) -> int:
    """How many of ``requested`` servers of this size still fit (Nova's headroom), for min_count."""
    best = requested
    base, project_set, user_set = _layers(conn, project_id, user_id)
    project_limits = _laid_over(base, project_set)
    scopes: list[tuple[str | None, dict[str, int]]] = [(None, project_limits)]
    if user_set:
        scopes.append((user_id, _laid_over(project_limits, user_set)))
    for scope_user, limits in scopes:
        usage = count_usage(conn, project_id, scope_user, ("instances", "cores", "ram"))
        for resource, per in (("instances", 1), ("cores", vcpus), ("ram", ram)):
            if limits[resource] >= 0 and per > 0:
                best = min(best, max(0, (limits[resource] - usage[resource]) // per))
    return best


def visible_keys(version: Any, network_cut: tuple[int, int] = (2, 36)) -> list[str]:
    """The quota keys a microversion shows: network ones go at 2.36 (2.50 for classes), injected
    files at 2.57."""
    keys = list(RESOURCES)
    if version is not None and version >= network_cut:
        keys = [k for k in keys if k not in NETWORK]
    if version is not None and version >= (2, 57):
        keys = [k for k in keys if k not in INJECTED]
    return keys
