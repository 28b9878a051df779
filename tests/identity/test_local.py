"""identity.local, as other services call it in-process: lookups and role checks on what the model
and the Keystone API created, and the identity backend the cloud finds among its providers."""

from __future__ import annotations

from pathlib import Path

import pytest

from twinstack.cloud import Cloud as InProcessCloud
from twinstack.config import Settings
from twinstack.core.errors import ApiError
from twinstack.identity import local
from twinstack.testing import Cloud

MODEL = """
identity:
  domains:
    - {name: acme}
  projects:
    - {name: web, domain: acme}
    - {name: api, domain: acme, parent: web}
  users:
    - {name: alice, domain: acme, password: a}
    - {name: bob, password: b, enabled: false}
  groups:
    - {name: devs, domain: acme, users: [alice]}
  roles:
    - {name: auditor, implies: [reader]}
  assignments:
    - {role: member, group: devs, actor_domain: acme, project: web, project_domain: acme, inherited: true}
    - {role: auditor, user: alice, actor_domain: acme, project: web, project_domain: acme}
"""


@pytest.fixture
def inproc(tmp_path: Path):
    model = tmp_path / "acme.yaml"
    model.write_text(MODEL)
    cloud = InProcessCloud(Settings(models=[str(model)]))
    cloud.open()
    try:
        yield cloud
    finally:
        cloud.close()


def test_lookups_by_id_and_by_name_within_a_domain(inproc: InProcessCloud) -> None:
    with inproc.store.read() as conn:
        acme = local.find_domain(conn, "acme")
        assert acme is not None and acme.enabled
        assert local.get_domain(conn, acme.id) == acme and local.domain_exists(conn, acme.id)
        assert local.find_domain(conn, "nope") is None and not local.domain_exists(conn, "nope")

        demo = local.find_project(conn, "demo")
        web_acme = local.find_project(conn, "web", acme.id)
        assert demo and web_acme and local.find_project(conn, "web") is None  # web is acme's only
        assert demo.domain_id == local.DEFAULT_DOMAIN_ID and web_acme.domain_id == acme.id
        api = local.find_project(conn, "api", acme.id)
        assert api is not None and api.parent_id == web_acme.id
        assert local.find_project(conn, "api") is None  # not in the default domain
        assert local.get_project(conn, api.id) == api and local.project_exists(conn, api.id)
        assert not local.project_exists(conn, "missing") and local.get_project(conn, "missing") is None
        assert local.project_name(conn, api.id) == "api"
        assert local.project_name(conn, None) is None and local.project_name(conn, "missing") is None
        # a model names a project by name in the default domain, or by id
        assert local.resolve_project(conn, "demo") == demo
        assert local.resolve_project(conn, api.id) == api
        assert local.resolve_project(conn, "api") is None

        by_name = local.project_ids_by_name(conn)
        assert by_name["demo"] == demo.id and {"admin", "service", "demo"} <= set(by_name)
        assert "api" not in by_name and "web" not in by_name
        assert local.project_ids_by_name(conn, acme.id) == {"web": web_acme.id, "api": api.id}
        assert "api" in local.project_ids_by_name(conn, None)

        alice = local.find_user(conn, "alice", acme.id)
        assert alice is not None and alice.enabled and local.find_user(conn, "alice") is None
        assert local.get_user(conn, alice.id) == alice and local.user_exists(conn, alice.id)
        bob = local.find_user(conn, "bob")
        assert bob is not None and not bob.enabled
        assert not local.user_exists(conn, "missing") and local.get_user(conn, "missing") is None


def test_role_checks_follow_groups_inheritance_and_implied_roles(inproc: InProcessCloud) -> None:
    with inproc.store.read() as conn:
        acme = local.find_domain(conn, "acme")
        assert acme is not None
        alice = local.find_user(conn, "alice", acme.id)
        web = local.find_project(conn, "web", acme.id)
        api = local.find_project(conn, "api", acme.id)
        assert alice and web and api
        # on web: auditor directly (implying reader); the group's grant is inherited only
        assert sorted(local.project_roles(conn, alice.id, web.id)) == ["auditor", "reader"]
        # on api: member inherited from web through the group, and what member implies
        assert sorted(local.project_roles(conn, alice.id, api.id)) == ["member", "reader"]
        assert local.has_project_role(conn, alice.id, api.id, "member")
        assert not local.has_project_role(conn, alice.id, api.id, "admin")
        assert local.project_roles(conn, alice.id, "missing") == []
        assert local.system_roles(conn, alice.id) == []
        admin = local.find_user(conn, "admin")
        assert admin is not None and "admin" in local.system_roles(conn, admin.id)


def test_backend_is_the_identity_providers(inproc: InProcessCloud) -> None:
    """The cloud finds tokens and catalog through the provider hook; the fault effect uses it."""
    with pytest.raises(ApiError) as err:
        inproc.authenticate("not-a-token")
    assert err.value.status == 401
    assert inproc.identity.revoke_user_tokens("alice")
    assert not inproc.identity.revoke_user_tokens("nobody")
    with inproc.store.read() as conn:
        assert inproc.identity.has_state(conn)


def test_lookups_see_what_the_api_created(tmp_path: Path) -> None:
    """Write through Keystone's API on a real server, then read the kept state in-process."""
    state = tmp_path / "state"
    with Cloud(extra_args=["--state-dir", str(state)]) as cloud:
        conn = cloud.connect()
        domain = conn.identity.create_domain(name="shop")
        project = conn.identity.create_project(name="demo", domain_id=domain.id)  # as the default domain's
        user = conn.identity.create_user(name="carol", domain_id=domain.id, password="c")
        role = conn.identity.find_role("manager")
        conn.identity.assign_project_role_to_user(project, user, role)
    inproc = InProcessCloud(Settings(models=[], state_dir=str(state)))
    try:
        inproc.open()  # a kept store: nothing is loaded again, the catalog is re-registered
        with inproc.store.read() as db:
            assert local.find_domain(db, "shop") == local.Domain(domain.id, "shop", True)
            found = local.find_project(db, "demo", domain.id)
            default_demo = local.find_project(db, "demo")
            assert found is not None and found.id == project.id and found.domain_id == domain.id
            assert default_demo is not None and default_demo.id != project.id
            carol = local.find_user(db, "carol", domain.id)
            assert carol is not None and carol.id == user.id
            assert sorted(local.project_roles(db, user.id, project.id)) == ["manager", "member", "reader"]
    finally:
        inproc.close()
