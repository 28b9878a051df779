"""Rules the policy matrix found wider than upstream's defaults, fixed at their source (each test
names the upstream rule it follows)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from twinstack.core.context import Context
from twinstack.core.policy import Policy
from twinstack.network import policies as network


def context(*roles: str, project: str = "p") -> Context:
    now = datetime.now(UTC)
    return Context(token="t", user_id="u", user_name="u", user_domain_id="default", user_domain_name="Default",
                   expires_at=now, issued_at=now, methods=["password"], audit_ids=["a"],
                   roles=[{"id": r, "name": r} for r in roles], project_id=project)


def enforcer(service: str, defaults: dict[str, str]) -> Policy:
    found = Policy()
    found.register(service, defaults)
    return found


def test_network_quota_is_for_the_projects_manager_not_its_readers() -> None:
    """neutron/conf/policies/quotas.py get_quota: admin, or the project's manager."""
    policy = enforcer("network", network.defaults())
    own: dict[str, Any] = {"project_id": "p"}
    assert not policy.allowed("get_quota", own, context("member", "reader"))
    assert not policy.allowed("get_quota", own, context("reader"))
    assert policy.allowed("get_quota", own, context("manager", "member", "reader"))
    assert not policy.allowed("get_quota", {"project_id": "q"}, context("manager"))
    assert policy.allowed("get_quota", {"project_id": "q"}, context("admin"))


def test_cinder_admin_api_is_any_admin() -> None:
    """cinder/policies/base.py admin_api: is_admin:True or (role:admin and is_admin_project:True), where
    Cinder's context sets is_admin by context_is_admin (role:admin): tempest's dynamic admins, each an
    admin of its own project, use the admin APIs on DevStack. A member is not an admin anywhere."""
    from twinstack.block_storage import policies as block_storage

    policy = enforcer("block_storage", block_storage.defaults())
    admin = context("admin", "member", "reader", project="admin")
    admin.is_admin_project = True
    assert policy.allowed("volume_extension:services:index", {}, admin)
    assert policy.allowed("volume_extension:services:index", {}, context("admin", "member", "reader", project="p"))
    assert not policy.allowed("volume_extension:services:index", {}, context("member", "reader"))
    system_admin = context("admin", "member", "reader", project="")
    system_admin.project_id, system_admin.system = None, True
    assert policy.allowed("volume:get", {"project_id": "p"}, system_admin)


def identity() -> Policy:
    from twinstack.identity import policies

    return enforcer("identity", policies.defaults())


def domain_context(*roles: str) -> Context:
    ctx = context(*roles, project="")
    ctx.project_id, ctx.domain_id = None, "default"
    return ctx


def test_keystone_access_rules_are_not_a_project_admins() -> None:
    """keystone/common/policies/access_rule.py: the system reader or admin, or the user itself."""
    policy = identity()
    target = {"target.user.id": "someone"}
    assert not policy.allowed("identity:get_access_rule", target, context("admin"))
    assert not policy.allowed("identity:delete_access_rule", target, context("admin"))
    assert policy.allowed("identity:delete_access_rule", {"target.user.id": "u"}, context("member"))


def test_keystone_project_tags_are_for_the_project_and_its_domain() -> None:
    """keystone/common/policies/project_tag.py: another project's member may not read them."""
    policy = identity()
    target = {"target.project.id": "p", "target.project.domain_id": "default"}
    assert policy.allowed("identity:list_project_tags", target, context("reader", project="p"))
    assert not policy.allowed("identity:list_project_tags", target, context("member", project="q"))
    assert policy.allowed("identity:get_project_tag", target, domain_context("reader"))


def test_keystone_domain_manager_manages_its_domain() -> None:
    """keystone 30's manager persona: projects, users, groups and tags of its own domain."""
    policy = identity()
    manager = domain_context("manager", "member", "reader")
    assert policy.allowed("identity:delete_project", {"target.project.domain_id": "default"}, manager)
    assert not policy.allowed("identity:delete_project", {"target.project.domain_id": "other"}, manager)
    assert policy.allowed("identity:create_user", {"target.user.domain_id": "default"}, manager)
    assert policy.allowed("identity:list_roles", {}, manager)
    assert not policy.allowed("identity:list_roles", {}, domain_context("reader"))
    assert not policy.allowed("identity:delete_project", {"target.project.domain_id": "default"},
                              domain_context("member", "reader"))


def test_glance_tasks_api_is_admins_but_the_actions_default_to_anyone() -> None:
    """glance/policies/tasks.py: get_task, get_tasks, add_task are rule:default; tasks_api_access admin."""
    from twinstack.image import policies

    policy = enforcer("image", policies.defaults())
    member = context("member", "reader")
    assert policy.allowed("image:get_tasks", {"project_id": "p"}, member)
    assert not policy.allowed("image:tasks_api_access", {"project_id": "p"}, member)
    assert policy.allowed("image:tasks_api_access", {"project_id": "p"}, context("admin"))


def test_keystone_domain_reader_reads_grants_within_its_domain_only() -> None:
    """keystone/common/policies/grant.py: both the actor's and the target's domain are the reader's."""
    policy = identity()
    reader = domain_context("reader")
    inside = {"target.user.domain_id": "default", "target.project.domain_id": "default"}
    assert policy.allowed("identity:list_grants", inside, reader)
    assert not policy.allowed("identity:list_grants", {**inside, "target.user.domain_id": "other"}, reader)
    membership = {"target.group.domain_id": "default", "target.user.domain_id": "other"}
    assert not policy.allowed("identity:check_user_in_group", membership, reader)
    assert policy.allowed("identity:add_user_to_group", {**membership, "target.user.domain_id": "default"},
                          domain_context("manager", "member", "reader"))


def test_rule_names_are_upstreams() -> None:
    """Nova's server topology rules and Cinder's quota-class rules, by upstream's names (an operator's
    policy.yaml written for upstream must reach them)."""
    from twinstack.block_storage import policies as block_storage
    from twinstack.compute import policies as compute

    assert {"compute:server:topology:index", "compute:server:topology:host:index"} <= set(compute.defaults())
    assert "os_compute_api:servers:topology:index" not in compute.defaults()
    assert {"volume_extension:quota_classes:get", "volume_extension:quota_classes:update"} <= set(
        block_storage.defaults())


def test_cinder_rule_names_are_upstreams() -> None:
    """cinder/policies: per-action type, extra-spec, type-access and QoS rules; the summary is get_all."""
    from twinstack.block_storage import policies as block_storage

    names = set(block_storage.defaults())
    assert {"volume_extension:type_create", "volume_extension:types_extra_specs:delete",
            "volume_extension:volume_type_access:get_all_for_type",
            "volume_extension:qos_specs_manage:get_all"} <= names
    assert not {"volume_extension:types_manage", "volume_extension:qos_specs_manage",
                "volume:get_volume_summary"} & names
