"""Identity v3 CRUD through openstacksdk: domains, projects (hierarchy, tags), users, groups, roles."""

from __future__ import annotations

import uuid
from typing import Any

import openstack
import openstack.exceptions as exc
import pytest


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def connect_as(cloud: Any, username: str, password: str, project_id: str) -> Any:
    return openstack.connect(auth_url=f"{cloud.url}/identity", username=username, password=password,
                             project_id=project_id, user_domain_id="default", identity_api_version="3",
                             region_name="RegionOne")


def test_domain_lifecycle_must_disable_before_delete(openstack_connection) -> None:
    ident = openstack_connection.identity
    name = unique("dom")
    domain = ident.create_domain(name=name, description="d")
    assert domain.is_enabled and domain.name == name
    assert [d.id for d in ident.domains(name=name)] == [domain.id]
    with pytest.raises(exc.HttpException) as err:
        ident.delete_domain(domain)
    assert err.value.status_code == 403
    project = ident.create_project(name=unique("p"), domain_id=domain.id)
    user = ident.create_user(name=unique("u"), domain_id=domain.id, password="x")
    ident.update_domain(domain, is_enabled=False)
    ident.delete_domain(domain)
    with pytest.raises(exc.NotFoundException):
        ident.get_domain(domain.id)
    with pytest.raises(exc.NotFoundException):
        ident.get_project(project.id)
    with pytest.raises(exc.NotFoundException):
        ident.get_user(user.id)


def test_project_hierarchy(openstack_connection) -> None:
    ident = openstack_connection.identity
    root = ident.create_project(name=unique("root"), domain_id="default")
    child = ident.create_project(name=unique("child"), parent_id=root.id)
    grandchild = ident.create_project(name=unique("gc"), parent_id=child.id)
    assert root.parent_id == "default" and child.parent_id == root.id and child.domain_id == "default"
    assert {p.id for p in ident.projects(parent_id=root.id)} == {child.id}
    session = ident
    url = f"/projects/{child.id}"
    body = session.get(url + "?parents_as_ids&subtree_as_ids").json()
    assert body["project"]["parents"] == {root.id: {"default": None}}
    assert body["project"]["subtree"] == {grandchild.id: None}
    body = session.get(f"/projects/{root.id}?subtree_as_list").json()
    assert body["project"]["subtree"] == []  # admin holds no role below root
    with pytest.raises(exc.HttpException) as err:
        ident.delete_project(root)
    assert err.value.status_code == 403
    with pytest.raises(exc.HttpException) as err:
        ident.update_project(child, is_enabled=False)  # its subtree is enabled
    assert err.value.status_code == 403
    ident.delete_project(grandchild)
    ident.delete_project(child)
    ident.delete_project(root)


def test_project_tags_and_tag_filters(openstack_connection) -> None:
    ident = openstack_connection.identity
    a = ident.create_project(name=unique("tag-a"), tags=["red", "blue"])
    b = ident.create_project(name=unique("tag-b"), tags=["red"])
    ids = {a.id, b.id}
    assert {p.id for p in ident.projects(tags="red,blue")} & ids == {a.id}
    assert {p.id for p in ident.projects(**{"tags-any": "blue,red"})} & ids == ids
    assert {p.id for p in ident.projects(**{"not-tags": "red,blue"})} & ids == {b.id}
    assert {p.id for p in ident.projects(**{"not-tags-any": "blue"})} & ids == {b.id}
    a.add_tag(ident, "green")
    assert ident.get_project(a.id).tags == ["red", "blue", "green"]
    assert a.check_tag(ident, "green").tags is not None
    a.remove_tag(ident, "red")
    a.set_tags(ident, ["x", "y"])
    assert ident.get_project(a.id).tags == ["x", "y"]
    a.remove_all_tags(ident)
    assert ident.get_project(a.id).tags == []


def test_user_crud_password_change_and_filters(openstack_connection, twinstack_cloud) -> None:
    ident = openstack_connection.identity
    name = unique("user")
    user = ident.create_user(name=name, password="first", email="u@example.org", description="d")
    assert user.email == "u@example.org" and user.domain_id == "default" and user.is_enabled
    assert [u.id for u in ident.users(name=name)] == [user.id]
    assert [u.id for u in ident.users(name__icontains=name.upper()[:8])] != []
    ident.update_user(user, email="v@example.org")
    assert ident.get_user(user.id).email == "v@example.org"
    project = ident.create_project(name=unique("p"))
    member = ident.find_role("member")
    ident.assign_project_role_to_user(project, user, member)
    assert [p.id for p in ident.user_projects(user)] == [project.id]
    mine = connect_as(twinstack_cloud, name, "first", project.id)
    token = mine.session.get_token()
    response = mine.identity.post(f"/users/{user.id}/password",
                                 json={"user": {"password": "second", "original_password": "first"}})
    assert response.status_code == 204
    check = ident.get("/auth/tokens", headers={"X-Subject-Token": token},
                      raise_exc=False)
    assert check.status_code == 404  # changing the password revoked the user's tokens
    again = connect_as(twinstack_cloud, name, "second", project.id)
    assert again.identity.get_user(user.id).name == name  # a user may read itself
    ident.delete_user(user)
    with pytest.raises(exc.NotFoundException):
        ident.get_user(user.id)


def test_groups_and_membership(openstack_connection) -> None:
    ident = openstack_connection.identity
    group = ident.create_group(name=unique("grp"), description="g")
    user = ident.create_user(name=unique("gu"), password="x")
    ident.add_user_to_group(user, group)
    assert ident.check_user_in_group(user, group)
    assert [u.id for u in ident.group_users(group)] == [user.id]
    assert [g.id for g in ident.user_groups(user)] == [group.id]
    ident.remove_user_from_group(user, group)
    assert not ident.check_user_in_group(user, group)
    ident.update_group(group, description="changed")
    assert ident.get_group(group.id).description == "changed"
    ident.delete_group(group)
    with pytest.raises(exc.NotFoundException):
        ident.get_group(group.id)


def test_roles_global_domain_and_implied(openstack_connection) -> None:
    ident = openstack_connection.identity
    prior = ident.create_role(name=unique("prior"))
    implied = ident.create_role(name=unique("implied"))
    domain_role = ident.create_role(name=unique("domrole"), domain_id="default")
    assert domain_role.domain_id == "default"
    names = {r.name for r in ident.roles()}
    assert prior.name in names and domain_role.name not in names  # global roles only by default
    assert {r.name for r in ident.roles(domain_id="default")} == {domain_role.name}
    session = ident
    response = session.put(f"/roles/{prior.id}/implies/{implied.id}")
    assert response.status_code == 201
    assert response.json()["role_inference"]["implies"]["id"] == implied.id
    listing = session.get(f"/roles/{prior.id}/implies").json()["role_inference"]
    assert [r["id"] for r in listing["implies"]] == [implied.id]
    rules = session.get("/role_inferences").json()["role_inferences"]
    assert any(r["prior_role"]["id"] == prior.id for r in rules)
    assert session.head(f"/roles/{prior.id}/implies/{implied.id}").status_code == 204
    session.delete(f"/roles/{prior.id}/implies/{implied.id}")
    assert session.head(f"/roles/{prior.id}/implies/{implied.id}",
                        raise_exc=False).status_code == 404
    ident.update_role(prior, description="now described")
    assert ident.get_role(prior.id).description == "now described"
    for role in (prior, implied, domain_role):
        ident.delete_role(role)


def test_cascade_disable_and_delete(openstack_connection) -> None:
    ident = openstack_connection.identity
    root = ident.create_project(name=unique("croot"))
    child = ident.create_project(name=unique("cchild"), parent_id=root.id)
    response = ident.patch(f"/projects/{root.id}?cascade", json={"project": {"enabled": False}})
    assert response.status_code == 200
    assert ident.get_project(child.id).is_enabled is False
    assert ident.delete(f"/projects/{root.id}?cascade").status_code == 204
    for project in (root, child):
        with pytest.raises(exc.NotFoundException):
            ident.get_project(project.id)
