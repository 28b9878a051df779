"""core/policy.py: registered defaults, an operator's policy.yaml and per-service file overriding
them, the 403/500 answers, and remembered decisions that a changed file forgets."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.core.policy import ADMIN, ADMIN_OR_MEMBER_OWNER, ADMIN_OR_READER_OWNER, ANY, Policy

DEFAULTS = {"svc:get": ADMIN_OR_READER_OWNER, "svc:update": ADMIN_OR_MEMBER_OWNER,
            "svc:purge": ADMIN, "svc:ping": ANY}


def _ctx(*roles: str, project: str | None = "p1", system: bool = False) -> Context:
    return Context(token="t", user_id="u", user_name="u", user_domain_id="default", user_domain_name="Default",
                   expires_at=datetime(2030, 1, 1), issued_at=datetime(2029, 1, 1), methods=["password"],
                   audit_ids=["a"], roles=[{"id": r, "name": r} for r in roles], project_id=project, system=system)


def _policy(policy_dir: Path | None = None) -> Policy:
    policy = Policy(str(policy_dir) if policy_dir else None)
    policy.register("svc", DEFAULTS)
    return policy


def test_the_defaults() -> None:
    policy = _policy()
    own: dict[str, Any] = {"project_id": "p1"}
    other: dict[str, Any] = {"project_id": "p2"}
    reader, member, admin = _ctx("reader"), _ctx("member", "reader"), _ctx("admin")
    assert policy.allowed("svc:get", own, reader) and not policy.allowed("svc:get", other, reader)
    assert policy.allowed("svc:get", other, _ctx("reader", project=None, system=True))
    assert not policy.allowed("svc:update", own, reader) and policy.allowed("svc:update", own, member)
    assert policy.allowed("svc:purge", other, admin) and not policy.allowed("svc:purge", own, member)
    assert policy.allowed("svc:ping", {}, _ctx())


def test_authorize_answers_403_and_an_unknown_rule_is_refused() -> None:
    policy = _policy()
    with pytest.raises(ApiError) as info:
        policy.authorize("svc:purge", {}, _ctx("member"))
    assert (info.value.status, info.value.kind) == (403, "PolicyNotAuthorized")
    assert info.value.message == "Policy doesn't allow svc:purge to be performed."
    # oslo.policy's enforce (unlike its authorize) does not raise PolicyNotRegistered: a rule nobody
    # registered has no check, so it is refused like any other
    with pytest.raises(ApiError) as info:
        policy.authorize("svc:nothing", {}, _ctx("admin"))
    assert info.value.status == 403
    policy.authorize("svc:purge", {}, _ctx("admin"))


def test_decisions_depend_on_the_targets_types() -> None:
    policy = _policy()
    policy.register("more", {"svc:flag": "'True':%(flag)s"})
    member = _ctx("member")
    assert policy.allowed("svc:flag", {"flag": True}, member)
    assert not policy.allowed("svc:flag", {"flag": "no"}, member)
    # a target that cannot be frozen is decided, just not remembered
    assert policy.allowed("svc:get", {"project_id": "p1", "x": {1, 2}}, _ctx("reader"))


def test_an_operators_policy_yaml_and_service_file_override_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text('"svc:purge": "role:member"\n')
    (tmp_path / "svc.yaml").write_text('"svc:ping": "!"\n')
    policy = _policy(tmp_path)
    assert policy.allowed("svc:purge", {}, _ctx("member"))
    assert not policy.allowed("svc:ping", {}, _ctx("admin"))
    assert policy.allowed("svc:get", {"project_id": "p1"}, _ctx("reader"))  # untouched default


def test_a_service_file_alone_is_enough(tmp_path: Path) -> None:
    (tmp_path / "svc.yaml").write_text('"svc:purge": "role:member"\n')
    assert _policy(tmp_path).allowed("svc:purge", {}, _ctx("member"))


def test_a_changed_policy_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text('"svc:purge": "role:member"\n')
    policy = _policy(tmp_path)
    member = _ctx("member")
    assert policy.allowed("svc:purge", {}, member)
    path.write_text('"svc:purge": "role:admin"\n')
    later = os.stat(path).st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(later, later))
    assert not policy.allowed("svc:purge", {}, member)
