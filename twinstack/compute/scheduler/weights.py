"""Weighers (nova/scheduler/weights): each scores a host; scores are normalised to 0..1 over the
candidates and summed with their multipliers (positive spreads, negative stacks)."""

from __future__ import annotations

from typing import Any


class Weigher:
    name = "Weigher"
    setting = ""

    def weigh(self, host: dict[str, Any]) -> float:
        raise NotImplementedError


# A host state's free resources (scheduler/manager.py reads them with the node): (memory_mb - reserved) *
# ram_allocation_ratio - memory_mb_used, (vcpus - reserved) * cpu_allocation_ratio - vcpus_used, and
# local_gb * disk_allocation_ratio - local_gb_used.
class RAMWeigher(Weigher):
    name, setting = "RAMWeigher", "ram_weight_multiplier"

    def weigh(self, host: dict[str, Any]) -> float:
        return float(host["free_ram_mb"])


class CPUWeigher(Weigher):
    name, setting = "CPUWeigher", "cpu_weight_multiplier"

    def weigh(self, host: dict[str, Any]) -> float:
        return float(host["free_vcpus"])


class DiskWeigher(Weigher):
    name, setting = "DiskWeigher", "disk_weight_multiplier"

    def weigh(self, host: dict[str, Any]) -> float:
        return float(host["free_disk_gb"])


DEFAULT_WEIGHERS: list[Weigher] = [RAMWeigher(), CPUWeigher(), DiskWeigher()]


def order(hosts: list[dict[str, Any]], settings: dict[str, Any]) -> list[dict[str, Any]]:
    """Best first; equal scores keep the hosts' name order, so spreading is deterministic. One host
    (a requested host, an affinity group's) needs no weighing; a weigher under which every host scores
    the same adds nothing to any of them."""
    if len(hosts) < 2:
        return list(hosts)
    totals = [0.0] * len(hosts)
    for weigher in DEFAULT_WEIGHERS:
        multiplier = float(settings.get(weigher.setting, 1.0))
        if not multiplier:
            continue
        raw = [weigher.weigh(h) for h in hosts]
        low = min(raw)
        span = max(raw) - low
        if not span:
            continue
        totals = [total + multiplier * ((value - low) / span) for total, value in zip(totals, raw, strict=True)]
    ranked = sorted(range(len(hosts)), key=lambda i: (-totals[i], hosts[i]["host"]))
    return [hosts[i] for i in ranked]
