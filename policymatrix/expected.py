"""Routes where twinstack decides without a policy rule (a query that hides other projects' rows, a
fixed answer) but upstream enforces one: the rule upstream would ask, and its target for the
matrix's fixtures. The cell then compares twinstack's HTTP answer with upstream's rule."""

from __future__ import annotations

from typing import Any

from policymatrix.drive import Outcome

DEMO = "{project}"  # filled with demo's project id
CALLER = "{caller}"  # the caller's own project: Cinder's and Nova's default target (None for a domain token)
OWNED = {"project_id": DEMO, "tenant_id": DEMO, "shared": False, "router:external": False}
N = "network GET /v2.0"
# route key -> (upstream rule, target); a network resource's show is get_<resource> on the row
EXPECTED: dict[str, tuple[str, dict[str, Any]]] = {
    f"{N}/networks/{{id}}": ("get_network", OWNED), f"{N}/subnets/{{id}}": ("get_subnet", OWNED),
    f"{N}/ports/{{id}}": ("get_port", {**OWNED, "network:project_id": DEMO}),
    f"{N}/routers/{{id}}": ("get_router", OWNED), f"{N}/floatingips/{{id}}": ("get_floatingip", OWNED),
    f"{N}/security-groups/{{id}}": ("get_security_group", OWNED),
    f"{N}/security-group-rules/{{id}}": ("get_security_group_rule", {**OWNED, "security_group:project_id": DEMO}),
    f"{N}/subnetpools/{{id}}": ("get_subnetpool", {"shared": True, "project_id": "admin-project"}),
    # lists whose rule any project reader passes (a list filtered item by item, as service profiles',
    # answers 200 to anyone upstream, so it is not here)
    f"{N}/availability_zones": ("get_availability_zone", {"project_id": CALLER}),
    f"{N}/qos/rule-types": ("get_rule_type", {"project_id": CALLER}),
    f"{N}/default-security-group-rules": ("get_default_security_group_rule", {"project_id": CALLER}),
    f"{N}/service-providers": ("get_service_provider", {"project_id": CALLER}),
    f"{N}/flavors": ("get_flavor", {"project_id": CALLER}),
    "block_storage GET /v3/{project_id}/types/{type_id}": ("volume_extension:type_get", {"project_id": CALLER}),
    "block_storage GET /v3/{project_id}/types": ("volume_extension:type_get_all", {"project_id": CALLER}),
    "block_storage GET /v3/{project_id}/types/{type_id}/extra_specs": (
        "volume_extension:types_extra_specs:index", {"project_id": CALLER}),
    "block_storage GET /v3/{project_id}/os-quota-sets/{target_project}/defaults": (
        "volume_extension:quotas:show", {"project_id": CALLER}),
    "block_storage GET /v3/{project_id}/limits": ("limits_extension:used_limits", {"project_id": CALLER}),
    "compute GET /v2.1/extensions": ("os_compute_api:extensions", {"project_id": CALLER}),
    "identity GET /v3/auth/catalog": ("identity:get_auth_catalog", {}),
    "identity GET /v3/auth/projects": ("identity:get_auth_projects", {}),
    "identity GET /v3/auth/domains": ("identity:get_auth_domains", {}),
    "identity GET /v3/auth/system": ("identity:get_auth_system", {}),
    "identity GET /v3/limits/model": ("identity:get_limit_model", {}),
}


def add_route_checks(outcomes: list[Outcome], project: str) -> None:
    """Give each unruled cell of an EXPECTED route its upstream question, with the persona's
    credentials as twinstack's trace recorded them elsewhere; twinstack's side is its HTTP answer
    (a 2xx allows, a 403 or a 404 does not; a 400 never reached a rule)."""
    creds: dict[str, dict[str, Any]] = {}
    for outcome in outcomes:
        if outcome.checks:
            creds.setdefault(outcome.persona, outcome.checks[0]["creds"])
    for outcome in outcomes:
        found = EXPECTED.get(outcome.route)
        if outcome.checks or found is None or outcome.persona not in creds or outcome.variant:
            continue
        if outcome.status == 400:  # refused before any rule, as Cinder refuses another project's URL
            continue
        rule, target = found
        mine = creds[outcome.persona]
        filled = {k: project if v == DEMO else mine.get("project_id") if v == CALLER else v
                  for k, v in target.items()}
        outcome.checks = [{"rule": rule, "target": filled, "creds": mine, "allowed": outcome.status < 300,
                           "by_route": True}]
