"""core/context.py: what a caller looks like to policy (oslo.policy's credentials) and to handlers."""

from __future__ import annotations

from datetime import datetime

from twinstack.core.context import Context


def make(**overrides: object) -> Context:
    values: dict[str, object] = {
        "token": "tok", "user_id": "u1", "user_name": "alice", "user_domain_id": "default",
        "user_domain_name": "Default", "expires_at": datetime(2030, 1, 1), "issued_at": datetime(2029, 1, 1),
        "methods": ["password"], "audit_ids": ["aud"]}
    values.update(overrides)
    return Context(**values)  # type: ignore[arg-type]


def test_scope_and_roles() -> None:
    unscoped = make()
    assert not unscoped.scoped and not unscoped.is_admin and unscoped.role_names == []
    member = make(project_id="p1", roles=[{"id": "r1", "name": "member"}, {"id": "r2", "name": "reader"}])
    assert member.scoped and not member.is_admin and member.role_names == ["member", "reader"]
    assert make(domain_id="d1").scoped and make(system=True).scoped
    assert make(roles=[{"id": "r", "name": "admin"}]).is_admin


def test_creds_are_what_oslo_policy_checks_read() -> None:
    ctx = make(project_id="p1", project_domain_id="default", roles=[{"id": "r", "name": "admin"}],
               is_admin_project=True)
    assert ctx.creds() == {
        "user_id": "u1", "user_domain_id": "default", "project_id": "p1", "project_domain_id": "default",
        "domain_id": None, "system_scope": None, "roles": ["admin"], "is_admin_project": True,
        "is_admin": True, "token": {"audit_ids": ["aud"]},
    }
    assert make(system=True).creds()["system_scope"] == "all"
