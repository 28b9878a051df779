"""Placement's response bodies, shaped per microversion."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req

INVENTORY_KEYS = ("total", "reserved", "min_unit", "max_unit", "step_size", "allocation_ratio")


def provider(req: Req, rp: dict[str, Any], uuids: dict[int, str]) -> dict[str, Any]:
    base = f"/placement/resource_providers/{rp['uuid']}"
    links = [{"rel": "self", "href": base},
             {"rel": "inventories", "href": f"{base}/inventories"},
             {"rel": "usages", "href": f"{base}/usages"}]
    if req.at_least(1, 1):
        links.append({"rel": "aggregates", "href": f"{base}/aggregates"})
    if req.at_least(1, 6):
        links.append({"rel": "traits", "href": f"{base}/traits"})
    if req.at_least(1, 11):
        links.append({"rel": "allocations", "href": f"{base}/allocations"})
    out: dict[str, Any] = {"uuid": rp["uuid"], "name": rp["name"], "generation": rp["generation"], "links": links}
    if req.at_least(1, 14):
        out["parent_provider_uuid"] = uuids.get(rp["parent_id"]) if rp["parent_id"] else None
        out["root_provider_uuid"] = uuids.get(rp["root_id"], rp["uuid"])
    return out


def inventory(inv: dict[str, Any]) -> dict[str, Any]:
    return {k: inv[k] for k in INVENTORY_KEYS}
