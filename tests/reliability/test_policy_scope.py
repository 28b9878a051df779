"""Scope as upstream enforces it (found by the policy matrix, docs/policy-matrix.md): Nova, Neutron,
Glance and Placement register their rules for project-scoped tokens only, so an admin's domain- or
system-scoped token is refused there; Cinder's rules carry no scope."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from twinstack.core.context import Context
from twinstack.core.policy import Policy


def context(**values: Any) -> Context:
    now = datetime.now(UTC)
    base: dict[str, Any] = {"token": "t", "user_id": "u", "user_name": "u", "user_domain_id": "default",
                            "user_domain_name": "Default", "expires_at": now, "issued_at": now,
                            "methods": ["password"], "audit_ids": ["a"], "roles": [{"id": "r", "name": "admin"}]}
    return Context(**{**base, **values})


@pytest.fixture(scope="module")
def policy() -> Policy:
    found = Policy()
    found.register("compute", {"os_compute_api:servers:index": "role:admin or project_id:%(project_id)s"})
    found.register("block_storage", {"volume_extension:services:index": "role:admin"})
    return found


@pytest.mark.parametrize("scope", [{"system": True}, {"domain_id": "default"}])
def test_project_scoped_service_refuses_a_system_or_domain_admin(policy: Policy, scope: dict[str, Any]) -> None:
    ctx = context(**scope)
    assert not policy.allowed("os_compute_api:servers:index", {"project_id": None}, ctx)
    assert not policy.allowed("os_compute_api:servers:index", {"project_id": "p"}, ctx)


def test_project_admin_still_allowed(policy: Policy) -> None:
    assert policy.allowed("os_compute_api:servers:index", {"project_id": "other"}, context(project_id="p"))


def test_unscoped_services_keep_any_scope(policy: Policy) -> None:
    assert policy.allowed("volume_extension:services:index", {}, context(system=True))


def test_keystone_rules_keep_their_own_scopes() -> None:
    """keystone/common/policies: a domain-scoped admin manages its domain's users, not the catalog."""
    from twinstack.identity import policies as identity

    found = Policy()
    found.register("identity", identity.defaults())
    domain_admin = context(domain_id="default")
    assert not found.allowed("identity:create_domain", {}, domain_admin)
    assert not found.allowed("identity:list_services", {}, domain_admin)
    assert found.allowed("identity:list_users", {"domain_id": "default"}, domain_admin)
    assert found.allowed("identity:create_domain", {}, context(system=True))
    assert found.allowed("identity:create_domain", {}, context(project_id="admin"))
    assert found.allowed("identity:get_auth_catalog", {}, context(domain_id="default", roles=[]))
