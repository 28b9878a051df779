"""Octavia's routes below ``/load-balancer`` (DevStack's URL): the root document, then v2 (also reachable
as ``/v2.0``, as Octavia's root controller answers both)."""

from __future__ import annotations

from twinstack.core.pipeline import Handler, public
from twinstack.core.resource import Resource
from twinstack.load_balancer.api import admin, children, loadbalancers, versions
from twinstack.load_balancer.manager.admin import ADMIN_CRUD, AZ, AZ_PROFILE, FLAVOR, FLAVOR_PROFILE
from twinstack.load_balancer.manager.resources import HEALTHMONITOR, L7POLICY, LISTENER, POOL

Routes = list[tuple[str, dict[str, Handler]]]

LISTENERS = children.handlers("listener", LISTENER, "listener_id")
POOLS = children.handlers("pool", POOL, "pool_id")
MONITORS = children.handlers("healthmonitor", HEALTHMONITOR, "healthmonitor_id")
POLICIES = children.handlers("l7policy", L7POLICY, "l7policy_id")
MEMBER_DELETE = children.member_delete


def _admin(res: Resource) -> Routes:
    """The admin catalog's collection and member routes, run by core/crud.py."""
    return [(path.removeprefix("/v2"), methods) for path, methods in ADMIN_CRUD.routes(res)]


V2: Routes = [
    ("/lbaas/loadbalancers", {"GET": loadbalancers.index, "POST": loadbalancers.create}),
    ("/lbaas/loadbalancers/{lb_id}", {"GET": loadbalancers.show, "PUT": loadbalancers.put,
                                      "DELETE": loadbalancers.delete}),
    ("/lbaas/loadbalancers/{lb_id}/status", {"GET": loadbalancers.status}),
    ("/lbaas/loadbalancers/{lb_id}/stats", {"GET": loadbalancers.stats}),
    ("/lbaas/loadbalancers/{lb_id}/failover", {"PUT": loadbalancers.failover}),
    ("/lbaas/listeners", {"GET": LISTENERS[0], "POST": children.listener_create}),
    ("/lbaas/listeners/{listener_id}", {"GET": LISTENERS[1], "PUT": children.listener_update,
                                        "DELETE": LISTENERS[2]}),
    ("/lbaas/listeners/{listener_id}/stats", {"GET": children.listener_stats}),
    ("/lbaas/pools", {"GET": POOLS[0], "POST": children.pool_create}),
    ("/lbaas/pools/{pool_id}", {"GET": POOLS[1], "PUT": children.pool_update, "DELETE": POOLS[2]}),
    ("/lbaas/pools/{pool_id}/members", {"GET": children.member_index, "POST": children.member_create,
                                        "PUT": children.members_batch}),
    ("/lbaas/pools/{pool_id}/members/{member_id}", {"GET": children.member_show, "PUT": children.member_update,
                                                    "DELETE": children.member_delete}),
    ("/lbaas/healthmonitors", {"GET": MONITORS[0], "POST": children.monitor_create}),
    ("/lbaas/healthmonitors/{healthmonitor_id}", {"GET": MONITORS[1], "PUT": children.monitor_update,
                                                  "DELETE": MONITORS[2]}),
    ("/lbaas/l7policies", {"GET": POLICIES[0], "POST": children.policy_create}),
    ("/lbaas/l7policies/{l7policy_id}", {"GET": POLICIES[1], "PUT": children.policy_update,
                                         "DELETE": POLICIES[2]}),
    ("/lbaas/l7policies/{l7policy_id}/rules", {"GET": children.rule_index, "POST": children.rule_create}),
    ("/lbaas/l7policies/{l7policy_id}/rules/{rule_id}", {"GET": children.rule_show, "PUT": children.rule_update,
                                                         "DELETE": children.rule_delete}),
    ("/lbaas/quotas", {"GET": admin.quota_index}),
    ("/lbaas/quotas/defaults", {"GET": admin.quota_defaults}),
    ("/lbaas/quotas/{project_id}", {"GET": admin.quota_show, "PUT": admin.quota_update,
                                    "DELETE": admin.quota_reset}),
    ("/lbaas/providers", {"GET": admin.providers}),
    ("/lbaas/providers/{provider}/flavor_capabilities", {"GET": admin.flavor_capabilities}),
    ("/lbaas/providers/{provider}/availability_zone_capabilities", {"GET": admin.az_capabilities}),
    *_admin(FLAVOR_PROFILE),
    *_admin(FLAVOR),
    *_admin(AZ_PROFILE),
    *_admin(AZ),
    ("/octavia/amphorae", {"GET": admin.amphora_index}),
    ("/octavia/amphorae/{amphora_id}", {"GET": admin.amphora_show, "DELETE": admin.amphora_delete}),
    ("/octavia/amphorae/{amphora_id}/failover", {"PUT": admin.amphora_failover}),
    ("/octavia/amphorae/{amphora_id}/config", {"PUT": admin.amphora_config}),
    ("/octavia/amphorae/{amphora_id}/stats", {"GET": admin.amphora_stats}),
]

ROUTES: Routes = [
    ("/", {"GET": public(versions.root)}),
    *[(f"/v2{path}", methods) for path, methods in V2],
    *[(f"/v2.0{path}", methods) for path, methods in V2],
]
