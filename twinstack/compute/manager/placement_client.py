"""How compute reaches Placement: through ``twinstack/placement/local.py``, as Nova's report client
talks to the Placement API (inventories of the compute nodes, candidates, claims, allocations)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.placement import local

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def flavor_resources(flavor: dict[str, Any]) -> dict[str, int]:
    """A flavor's resource request, as Nova's ResourceRequest builds it (resources:* overrides)."""
    res = {"VCPU": int(flavor["vcpus"]), "MEMORY_MB": int(flavor["ram"]),
           "DISK_GB": int(flavor.get("disk", 0)) + int(flavor.get("ephemeral", 0)) + (int(flavor.get("swap", 0)) + 1023) // 1024}
    for key, value in (flavor.get("extra_specs") or {}).items():
        if key.startswith("resources:"):
            try:
                res[key.split(":", 1)[1]] = int(value)
            except ValueError:
                continue
    return {rc: n for rc, n in res.items() if n > 0}


def flavor_traits(flavor: dict[str, Any]) -> tuple[list[str], list[str]]:
    required, forbidden = [], []
    for key, value in (flavor.get("extra_specs") or {}).items():
        if key.startswith("trait:"):
            (required if value == "required" else forbidden if value == "forbidden" else []).append(key[6:])
    return required, forbidden


def node_record(node: dict[str, Any], aggregates: list[str]) -> dict[str, Any]:
    """A compute node as the resource tracker reports it: inventory, traits, aggregates."""
    return {"uuid": node["uuid"], "name": node["hypervisor_hostname"], "aggregates": list(aggregates),
            "traits": sorted(set(node.get("traits") or []) | {"COMPUTE_NODE"}), "inventories": {
        "VCPU": {"total": node["vcpus"], "reserved": node["reserved_host_cpus"], "min_unit": 1,
                 "max_unit": node["vcpus"], "step_size": 1, "allocation_ratio": node["cpu_allocation_ratio"]},
        "MEMORY_MB": {"total": node["memory_mb"], "reserved": node["reserved_host_memory_mb"], "min_unit": 1,
                      "max_unit": node["memory_mb"], "step_size": 1, "allocation_ratio": node["ram_allocation_ratio"]},
        "DISK_GB": {"total": node["local_gb"], "reserved": (node["reserved_host_disk_mb"] + 1023) // 1024,
                    "min_unit": 1, "max_unit": node["local_gb"], "step_size": 1,
                    "allocation_ratio": node["disk_allocation_ratio"]},
    }}


def report_node(cloud: "Cloud", conn: Connection, node: dict[str, Any], aggregates: list[str]) -> None:
    report_nodes(cloud, conn, [(node, aggregates)])


def report_nodes(cloud: "Cloud", conn: Connection, nodes: list[tuple[dict[str, Any], list[str]]]) -> None:
    """Every node with its aggregates' uuids, in a few bulk statements (model load with many hosts)."""
    local.report_providers(cloud, conn, [node_record(node, aggs) for node, aggs in nodes])


def candidates(cloud: "Cloud", conn: Connection, resources: dict[str, int], required: list[str],
               forbidden: list[str], limit: int | None = 1000, start: float | None = None,
               in_tree: str | None = None) -> list[str]:
    """Provider uuids that can hold ``resources``.
    ``limit`` is Nova's ``max_placement_results``; ``start`` (0..1) where in the providers to begin."""
    found = local.allocation_candidates(cloud, conn, resources, required=required, forbidden=forbidden, limit=limit,
                                        start=start, in_tree=in_tree)
    return [c["provider_uuid"] for c in found]


def claim(cloud: "Cloud", conn: Connection, consumer: str, node: dict[str, Any], res: dict[str, int],
          project_id: str, user_id: str) -> bool:
    return bool(local.claim(cloud, conn, consumer, {node["uuid"]: res}, project_id, user_id))


def get_allocations(cloud: "Cloud", conn: Connection, consumer: str) -> dict[str, dict[str, int]]:
    return local.get_allocations(cloud, conn, consumer)  # type: ignore[no-any-return]


def delete_allocations(cloud: "Cloud", conn: Connection, consumer: str) -> None:
    local.delete_allocations(cloud, conn, consumer)


def move_allocations(cloud: "Cloud", conn: Connection, source: str, target: str) -> None:
    local.move_allocations(cloud, conn, source, target)


def usages(cloud: "Cloud", conn: Connection, node_uuid: str) -> dict[str, int]:
    return local.usages(cloud, conn, node_uuid)  # type: ignore[no-any-return]


def delete_provider(cloud: "Cloud", conn: Connection, node_uuid: str) -> None:
    local.delete_provider(cloud, conn, node_uuid)
