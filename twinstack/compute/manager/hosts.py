"""Compute hosts from the model: one compute node and one nova-compute service record per fake host
(``count`` expands), their aggregates, and each host's inventory reported to Placement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.compute.manager import placement_client
from twinstack.compute.model import ComputeModel, HostModel
from twinstack.core.ids import uuid_str

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

CONTROL_HOST = "controller"  # where nova-conductor and nova-scheduler "run" when the model has no compute host


def control_host(section: ComputeModel) -> str:
    """Where nova-conductor and nova-scheduler run: on the first compute host, as on DevStack, whose
    controller node runs nova-compute too (tests written for it add `host list`'s first host to an
    aggregate)."""
    hosts = expand(section.hosts)
    return hosts[0].name if hosts else CONTROL_HOST


class HostModelError(ValueError):
    """The model's hosts are inconsistent (a duplicate name, an unknown aggregate)."""


# The last expansion, by the identity of the host entries it came from (they are kept here, so their
# ids are not reused): loading a model expands its hosts five times, and with 10,000 hosts each
# expansion (a pydantic copy per host) cost ~0.1 s of start-up.
_LAST: tuple[list[HostModel], list[HostModel]] | None = None


def expand(hosts: list[HostModel]) -> list[HostModel]:
    """One entry per host (``count: N`` entries become ``name-1`` .. ``name-N``); read-only for callers."""
    global _LAST
    last = _LAST
    if last is not None and len(last[0]) == len(hosts) and all(a is b for a, b in zip(last[0], hosts, strict=True)):
        return last[1]
    out: list[HostModel] = []
    for h in hosts:
        if h.count == 1:
            out.append(h)
        else:
            out.extend(h.model_copy(update={"name": f"{h.name}-{i}", "count": 1}) for i in range(1, h.count + 1))
    _LAST = (list(hosts), out)
    return out


def create_hosts(cloud: Cloud, conn: Connection, section: ComputeModel) -> list[dict[str, Any]]:
    now = cloud.clock.now()
    for binary in ("nova-conductor", "nova-scheduler"):
        conn.execute(t.services.insert().values(uuid=uuid_str(), host=control_host(section), binary=binary,
                                                topic=binary.split("-")[1], disabled=False, forced_down=False,
                                                last_seen_up=now, created_at=now, updated_at=now))
    nodes: list[dict[str, Any]] = []
    seen: set[str] = set()
    expanded = expand(section.hosts)
    for i, h in enumerate(expanded):
        if h.name in seen:
            raise HostModelError(f"compute.hosts: duplicate host name '{h.name}'")
        seen.add(h.name)
        node = {
            "uuid": uuid_str(), "host": h.name, "hypervisor_hostname": h.name, "hypervisor_type": "fake",
            "hypervisor_version": 1000, "host_ip": h.host_ip or f"192.168.{(i // 250) % 256}.{i % 250 + 2}",
            "availability_zone": h.availability_zone, "compute_driver": h.compute_driver,
            "vcpus": h.vcpus, "memory_mb": h.memory_mb, "local_gb": h.disk_gb,
            "cpu_allocation_ratio": h.cpu_allocation_ratio, "ram_allocation_ratio": h.ram_allocation_ratio,
            "disk_allocation_ratio": h.disk_allocation_ratio, "reserved_host_memory_mb": h.reserved_host_memory_mb,
            "reserved_host_disk_mb": h.reserved_host_disk_mb, "reserved_host_cpus": h.reserved_host_cpus,
            "traits": list(h.traits), "driver_config": h.driver.model_dump(), "started_at": now,
            "vcpus_used": 0, "memory_mb_used": 0, "local_gb_used": 0, "running_vms": 0,
        }
        nodes.append(node)
    if nodes:
        conn.execute(t.nodes.insert(), nodes)
        conn.execute(t.services.insert(), [
            {"uuid": uuid_str(), "host": n["host"], "binary": "nova-compute", "topic": "compute",
             "disabled": not h.enabled, "disabled_reason": None if h.enabled else "disabled by the model",
             "forced_down": False, "last_seen_up": now, "created_at": now, "updated_at": now}
            for n, h in zip(nodes, expanded, strict=False)])
    return nodes


def join_aggregates(cloud: Cloud, conn: Connection, section: ComputeModel, nodes: list[dict[str, Any]]) -> None:
    """Put hosts in the aggregates they name (creating any the model did not declare), then report
    every host to Placement with its aggregates' uuids."""
    known = {
        r.name: (r.id, r.uuid)
        for r in conn.execute(sa.select(t.aggregates.c.id, t.aggregates.c.uuid, t.aggregates.c.name))
    }
    present = {(a, h) for a, h in conn.execute(sa.select(t.aggregate_hosts.c.aggregate_id, t.aggregate_hosts.c.host))}
    rows = []
    for h in expand(section.hosts):
        for name in h.aggregates:
            if name not in known:
                agg_uuid = uuid_str()
                agg_id = conn.execute(
                    t.aggregates.insert().values(
                        uuid=agg_uuid, name=name, availability_zone=None, metadata={}, created_at=cloud.clock.now()
                    )
                ).inserted_primary_key
                assert agg_id is not None
                known[name] = (agg_id[0], agg_uuid)
            if (known[name][0], h.name) not in present:
                present.add((known[name][0], h.name))
                rows.append({"aggregate_id": known[name][0], "host": h.name})
    if rows:
        conn.execute(t.aggregate_hosts.insert(), rows)
    members: dict[str, list[str]] = {}
    for host, agg_uuid in conn.execute(
        sa.select(t.aggregate_hosts.c.host, t.aggregates.c.uuid).join(
            t.aggregates, t.aggregates.c.id == t.aggregate_hosts.c.aggregate_id
        )
    ):
        members.setdefault(host, []).append(agg_uuid)
    placement_client.report_nodes(cloud, conn, [(node, members.get(node["host"], [])) for node in nodes])
