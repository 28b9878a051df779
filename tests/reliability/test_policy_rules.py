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


def test_cinder_admin_api_is_an_admin_of_the_admin_project() -> None:
    """cinder/policies/base.py admin_api: role:admin and is_admin_project:True."""
    from twinstack.block_storage import policies as block_storage

    policy = enforcer("block_storage", block_storage.defaults())
    admin = context("admin", "member", "reader", project="admin")
    admin.is_admin_project = True
    assert policy.allowed("volume_extension:services:index", {}, admin)
    domain_admin = context("admin", "member", "reader", project="")
    domain_admin.project_id, domain_admin.domain_id = None, "default"
    assert not policy.allowed("volume_extension:services:index", {}, domain_admin)
    system_admin = context("admin", "member", "reader", project="")
    system_admin.project_id, system_admin.system = None, True
    assert not policy.allowed("volume_extension:services:index", {}, system_admin)
    # the project resources' rules let any admin role in (xena_system_admin_or_project_reader)
    assert policy.allowed("volume:get", {"project_id": "p"}, system_admin)
