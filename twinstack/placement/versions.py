"""Placement's microversions, one line of history each (placement/rest_api_version_history.rst)."""

from __future__ import annotations

from twinstack.core.microversions import Microversions, Version

HISTORY: dict[str, str] = {
    "1.0": "initial: resource providers, inventories, usages, allocations",
    "1.1": "resource provider aggregates",
    "1.2": "custom resource classes",
    "1.3": "member_of on GET /resource_providers",
    "1.4": "resources filter on GET /resource_providers",
    "1.5": "DELETE all inventories of a provider",
    "1.6": "traits",
    "1.7": "idempotent PUT /resource_classes/{name} (201 or 204, no body)",
    "1.8": "project_id and user_id required in PUT /allocations",
    "1.9": "GET /usages?project_id=",
    "1.10": "GET /allocation_candidates",
    "1.11": "allocations link in provider links",
    "1.12": "dict format for PUT /allocations/{consumer}; project/user in GET",
    "1.13": "POST /allocations for many consumers",
    "1.14": "nested providers: parent_provider_uuid, root_provider_uuid, in_tree",
    "1.15": "last-modified and cache-control headers",
    "1.16": "limit on allocation candidates",
    "1.17": "required traits on allocation candidates",
    "1.18": "required traits on GET /resource_providers",
    "1.19": "generation in provider aggregates, conflict detection",
    "1.20": "POST /resource_providers answers 200 with the provider",
    "1.21": "member_of on allocation candidates",
    "1.22": "forbidden traits (!TRAIT)",
    "1.23": "code in error bodies",
    "1.24": "several member_of parameters",
    "1.25": "granular request groups (resourcesN, requiredN, member_ofN, group_policy)",
    "1.26": "reserved may equal total",
    "1.27": "provider_summaries list every inventory",
    "1.28": "consumer generations",
    "1.29": "nested providers in allocation candidates",
    "1.30": "POST /reshaper",
    "1.31": "in_tree on allocation candidates",
    "1.32": "forbidden aggregates (member_of=!in:...)",
    "1.33": "string request group suffixes",
    "1.34": "mappings in allocation requests",
    "1.35": "root_required on allocation candidates",
    "1.36": "same_subtree on allocation candidates",
    "1.37": "re-parenting and un-parenting via PUT /resource_providers/{uuid}",
    "1.38": "consumer_type in allocations, usages and reshaper",
    "1.39": "any-traits syntax: required=in:T1,T2",
}

MIN = Version(1, 0)
MAX = Version(1, 39)
MICROVERSIONS = Microversions("placement", MIN, MAX)
