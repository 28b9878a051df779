"""The scheduler endpoint (topic ``scheduler``): ``select_destinations`` asks Placement for candidates,
filters and weighs them as host states, and claims the winner's resources for the consumer."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.compute import tables as t
from twinstack.compute.manager import placement_client
from twinstack.compute.scheduler import filters as f
from twinstack.compute.scheduler import weights

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

NO_VALID_HOST = "No valid host was found. There are not enough hosts available."


# What the filters and the answer read of a compute node and of its nova-compute service, and what the
# weighers weigh (Nova's HostState.free_ram_mb, vcpus free, free_disk), worked out by the database from
# the node's columns: a handful of values per candidate, not the fifteen columns they come from.
_NODE_COLUMNS = ("uuid", "host", "hypervisor_hostname", "availability_zone")
_n = t.nodes.c
_FREE = (
    ((_n.memory_mb - _n.reserved_host_memory_mb) * _n.ram_allocation_ratio - _n.memory_mb_used).label("free_ram_mb"),
    ((_n.vcpus - _n.reserved_host_cpus) * _n.cpu_allocation_ratio - _n.vcpus_used).label("free_vcpus"),
    (_n.local_gb * _n.disk_allocation_ratio - _n.local_gb_used).label("free_disk_gb"),
)
_HOST_KEYS = (*_NODE_COLUMNS, "disabled", "up", "free_ram_mb", "free_vcpus", "free_disk_gb")
# up: not forced down and a heartbeat since the cutoff, compared by the database (no timestamp is
# parsed per candidate; SQLite's stored form orders as the times do)
_UP = sa.and_(
    t.services.c.forced_down.is_(False),
    t.services.c.last_seen_up.is_not(None),
    t.services.c.last_seen_up >= sa.bindparam("cutoff", type_=sa.DateTime),
)


# Statements built once (by which filters apply), parameters bound per call: every boot asks them.
def _host_states_query(by_uuid: bool, by_host: bool) -> Any:
    query = sa.select(
        *(t.nodes.c[name] for name in _NODE_COLUMNS), t.services.c.disabled, _UP.label("up"), *_FREE,
    ).join(t.services, sa.and_(t.services.c.host == t.nodes.c.host, t.services.c.binary == "nova-compute"))
    if by_uuid:
        query = query.where(t.nodes.c.uuid.in_(sa.bindparam("uuids", expanding=True)))
    if by_host:
        query = query.where(t.nodes.c.host == sa.bindparam("host"))
    return query


_HOST_STATES = {(u, h): _host_states_query(u, h) for u in (False, True) for h in (False, True)}
_AGGREGATES = sa.select(t.aggregate_hosts.c.host, t.aggregates.c.metadata).join(
    t.aggregates, t.aggregates.c.id == t.aggregate_hosts.c.aggregate_id)
_AGGREGATES_OF = _AGGREGATES.where(t.aggregate_hosts.c.host.in_(sa.bindparam("hosts", expanding=True)))
_NODE_OF_HOST = sa.select(t.nodes.c.uuid).where(t.nodes.c.host == sa.bindparam("host"))
_GROUP = sa.select(t.server_groups).where(t.server_groups.c.id == sa.bindparam("group"))
# the hosts of a group's other members (the instance being scheduled excluded: a reschedule or a move)
_GROUP_HOSTS = (
    sa.select(t.instances.c.host)
    .join(t.server_group_members, t.server_group_members.c.instance_id == t.instances.c.uuid)
    .where(
        t.server_group_members.c.group_id == sa.bindparam("group"),
        t.instances.c.deleted.is_(False),
        t.instances.c.host.is_not(None),
        t.instances.c.uuid != sa.bindparam("me"),
    )
)
_HOSTS_OF = sa.select(t.instances.c.host).where(
    t.instances.c.uuid.in_(sa.bindparam("ids", expanding=True)), t.instances.c.deleted.is_(False))


class NoValidHost(Exception):
    pass


class SchedulerManager:
    def __init__(self, cloud: Cloud, settings: dict[str, Any]) -> None:
        self.cloud = cloud
        self.settings = settings
        self.filters = list(f.DEFAULT_FILTERS)
        # the cloud's seed makes the random starting points (and so the placements) reproducible
        self._random = random.Random(f"scheduler-{getattr(getattr(cloud, 'settings', None), 'seed', None)}")

    @property
    def max_placement_results(self) -> int | None:
        """Nova's [scheduler]max_placement_results: at most this many candidates are filtered and
        weighed, so a decision costs the same with 10 or 10,000 hosts (0 or none: no limit)."""
        value = self.settings.get("max_placement_results", 50)
        return int(value) if value else None

    def _start(self) -> float | None:
        """Where in the providers this request's candidates begin: random (seeded) unless
        ``randomize_allocation_candidates`` is false (then Placement's provider order, as Nova's default)."""
        if not self.settings.get("randomize_allocation_candidates", True) or self.max_placement_results is None:
            return None
        return self._random.random()

    @property
    def service_down_time(self) -> float:
        return float(self.settings.get("service_down_time", 60))

    async def select_destinations(self, spec: dict[str, Any]) -> dict[str, Any]:
        """One host for ``spec`` with its resources claimed; raises NoValidHost."""
        with self.cloud.store.begin() as conn:
            return self._select(conn, spec)

    def _select(self, conn: Any, spec: dict[str, Any]) -> dict[str, Any]:
        resources = placement_client.flavor_resources(spec["flavor"])
        required, forbidden = placement_client.flavor_traits(spec["flavor"])
        spec = dict(spec)
        spec.update(self._group_and_hints(conn, spec))
        in_tree = None
        group = spec.get("group") or {}
        target = spec.get("requested_host") or (
            group["hosts"][0] if group.get("policy") == "affinity" and len(set(group.get("hosts") or ())) == 1 else None
        )
        if target:  # as Nova asks Placement for the requested node's tree only (affinity: the group's host)
            in_tree = conn.execute(_NODE_OF_HOST, {"host": target}).scalar()
        limit = self.max_placement_results
        uuids = placement_client.candidates(
            self.cloud, conn, resources, required, forbidden, limit=limit, start=self._start(), in_tree=in_tree
        )
        chosen = self._choose(conn, spec, uuids, resources)
        if chosen is None and limit is not None and len(uuids) >= limit:
            # the limited set had nothing that passed the filters (an AZ, an aggregate, a group
            # policy the first candidates cannot meet): ask again without the limit, so a host that
            # fits is always found, at the cost of a full pass for this one request
            uuids = placement_client.candidates(
                self.cloud, conn, resources, required, forbidden, limit=None, in_tree=in_tree
            )
            chosen = self._choose(conn, spec, uuids, resources)
        if chosen is None:
            raise NoValidHost(NO_VALID_HOST)
        return chosen

    def _choose(
        self, conn: Any, spec: dict[str, Any], uuids: list[str], resources: dict[str, int]
    ) -> dict[str, Any] | None:
        # decided once per request: the filters that can reject a host under it (most boots: ComputeFilter)
        active = [flt for flt in self.filters if flt.applies(spec)]
        hosts = self._host_states(conn, uuids, spec, any(flt.needs_aggregates for flt in active))
        ignore = set(spec.get("ignore_hosts") or [])
        passing = [h for h in hosts if h["host"] not in ignore and all(flt.host_passes(h, spec) for flt in active)]
        for host in weights.order(passing, self.settings):
            if placement_client.claim(
                self.cloud, conn, spec["consumer"], host, resources, spec["project_id"], spec["user_id"]
            ):
                return {
                    "host": host["host"],
                    "node": host["hypervisor_hostname"],
                    "node_uuid": host["uuid"],
                    "availability_zone": host["availability_zone"],
                }
        return None

    def _host_states(
        self, conn: Any, uuids: list[str] | None, spec: dict[str, Any], with_aggregates: bool = True
    ) -> list[dict[str, Any]]:
        """The candidates as host states (as Nova's HostManager.get_host_states_by_uuids: only the
        nodes Placement returned, read in one statement); their aggregates' metadata only when a
        filter that reads it applies to this request."""
        if uuids is not None and not uuids:
            return []
        params: dict[str, Any] = {}
        if uuids is not None:
            params["uuids"] = list(uuids)
        if spec.get("requested_host"):
            params["host"] = spec["requested_host"]
        query = _HOST_STATES[(uuids is not None, "host" in params)]
        params["cutoff"] = self.cloud.clock.now() - timedelta(seconds=self.service_down_time)
        rows = [dict(zip(_HOST_KEYS, row, strict=True)) for row in conn.execute(query, params)]
        if with_aggregates:
            metadata = self._aggregate_metadata(conn, [r["host"] for r in rows])
            for r in rows:
                r["aggregate_metadata"] = metadata.get(r["host"], {})
        return rows

    @staticmethod
    def _aggregate_metadata(conn: Any, names: list[str]) -> dict[str, dict[str, set[str]]]:
        """{host: {key: values}} over every aggregate of these hosts (comma-separated values split)."""
        metadata: dict[str, dict[str, set[str]]] = {}
        if not names:
            return metadata
        if len(names) <= 5000:
            aggregates = conn.execute(_AGGREGATES_OF, {"hosts": names})
        else:
            aggregates = conn.execute(_AGGREGATES)
        for host, meta in aggregates:
            for key, value in (meta or {}).items():
                metadata.setdefault(host, {}).setdefault(key, set()).update(v.strip() for v in str(value).split(","))
        return metadata

    def _group_and_hints(self, conn: Any, spec: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        me = spec.get("instance_uuid")
        group_id = spec.get("group_id")
        if group_id:
            group = conn.execute(_GROUP, {"group": group_id}).mappings().first()
            if group is not None:
                # no instance yet (me None): "" matches no uuid, where a bound NULL would match nothing
                hosts = [h for (h,) in conn.execute(_GROUP_HOSTS, {"group": group_id, "me": me or ""})]
                policy = group["policy"]
                out["group"] = {
                    "policy": policy.replace("soft-", "") if not policy.startswith("soft-") else "soft",
                    "rules": group["rules"] or {},
                    "hosts": hosts,
                }
        hints = spec.get("scheduler_hints") or {}
        for hint, key in (("same_host", "same_host_hosts"), ("different_host", "different_host_hosts")):
            if hints.get(hint):
                ids = hints[hint] if isinstance(hints[hint], list) else [hints[hint]]
                out[key] = {h for (h,) in conn.execute(_HOSTS_OF, {"ids": ids})}
        return out
