"""Grants (project, domain, OS-INHERIT, system) and /v3/role_assignments through openstacksdk."""

from __future__ import annotations

import uuid

import openstack


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_project_and_domain_grants(openstack_connection) -> None:
    ident = openstack_connection.identity
    project = ident.create_project(name=unique("gp"))
    user = ident.create_user(name=unique("gu"), password="x")
    group = ident.create_group(name=unique("gg"))
    reader = ident.find_role("reader")
    ident.assign_project_role_to_user(project, user, reader)
    assert ident.validate_user_has_project_role(project, user, reader)
    listed = ident.get(f"/projects/{project.id}/users/{user.id}/roles").json()
    assert [r["name"] for r in listed["roles"]] == ["reader"] and listed["links"]["next"] is None
    ident.assign_domain_role_to_group("default", group, reader)
    assert ident.validate_group_has_domain_role("default", group, reader)
    ident.unassign_project_role_from_user(project, user, reader)
    assert not ident.validate_user_has_project_role(project, user, reader)
    ident.unassign_domain_role_from_group("default", group, reader)
    response = ident.delete(f"/projects/{project.id}/users/{user.id}/roles/{reader.id}", raise_exc=False)
    assert response.status_code == 404
    assert "Could not find role assignment" in response.json()["error"]["message"]
    response = ident.put(f"/projects/{project.id}/users/{uuid.uuid4().hex}/roles/{reader.id}", raise_exc=False)
    assert response.status_code == 404 and "Could not find user" in response.json()["error"]["message"]


def test_domain_specific_role_only_in_its_domain(openstack_connection) -> None:
    ident = openstack_connection.identity
    other = ident.create_domain(name=unique("d"))
    role = ident.create_role(name=unique("dr"), domain_id=other.id)
    project = ident.create_project(name=unique("p"))
    user = ident.create_user(name=unique("u"), password="x")
    response = ident.put(f"/projects/{project.id}/users/{user.id}/roles/{role.id}", raise_exc=False)
    assert response.status_code == 403


def test_effective_assignments_expand_groups_inheritance_and_implied(openstack_connection, twinstack_cloud) -> None:
    ident = openstack_connection.identity
    parent = ident.create_project(name=unique("par"))
    child = ident.create_project(name=unique("chi"), parent_id=parent.id)
    user = ident.create_user(name=unique("eu"), password="x")
    group = ident.create_group(name=unique("eg"))
    ident.add_user_to_group(user, group)
    member = ident.find_role("member")
    ident.assign_project_role_to_group(parent, group, member)
    response = ident.put(f"/OS-INHERIT/projects/{parent.id}/users/{user.id}/roles/{member.id}/inherited_to_projects")
    assert response.status_code == 204
    direct = list(ident.role_assignments(user_id=user.id))
    assert len(direct) == 1 and direct[0].scope["project"]["id"] == parent.id
    assert direct[0].scope["OS-INHERIT:inherited_to"] == "projects"
    effective = ident.get(f"/role_assignments?user.id={user.id}&effective&include_names").json()["role_assignments"]
    seen = {(a["scope"]["project"]["id"], a["role"]["name"]) for a in effective}
    # through the group on the parent; inherited to the child; member implies reader
    assert seen == {(parent.id, "member"), (parent.id, "reader"), (child.id, "member"), (child.id, "reader")}
    via_group = [a for a in effective if a["scope"]["project"]["id"] == parent.id and a["role"]["name"] == "member"][0]
    assert via_group["links"]["membership"].endswith(f"/groups/{group.id}/users/{user.id}")
    assert via_group["user"]["name"] == user.name and via_group["user"]["domain"]["id"] == "default"
    subtree = ident.get(f"/role_assignments?scope.project.id={parent.id}&include_subtree=true").json()
    assert {a["scope"]["project"]["id"] for a in subtree["role_assignments"]} == {parent.id}
    response = ident.get(f"/role_assignments?group.id={group.id}&effective", raise_exc=False)
    assert response.status_code == 400
    by_role = ident.get(f"/role_assignments?role.id={member.id}&scope.project.id={parent.id}").json()
    assert {("group" in a) for a in by_role["role_assignments"]} == {True, False}
    # a token scoped to the child carries the inherited and implied roles
    conn = openstack.connect(auth_url=f"{twinstack_cloud.url}/identity", username=user.name, password="x",
                             project_id=child.id, user_domain_id="default", identity_api_version="3")
    access = conn.session.auth.get_access(conn.session)
    assert sorted(access.role_names) == ["member", "reader"]


def test_system_grants(openstack_connection) -> None:
    ident = openstack_connection.identity
    user = ident.create_user(name=unique("su"), password="x")
    reader = ident.find_role("reader")
    assert ident.put(f"/system/users/{user.id}/roles/{reader.id}").status_code == 204
    assert ident.head(f"/system/users/{user.id}/roles/{reader.id}").status_code == 204
    roles = ident.get(f"/system/users/{user.id}/roles").json()["roles"]
    assert [r["name"] for r in roles] == ["reader"]
    listed = ident.get(f"/role_assignments?scope.system=all&user.id={user.id}").json()["role_assignments"]
    assert listed[0]["scope"] == {"system": {"all": True}}
    assert ident.delete(f"/system/users/{user.id}/roles/{reader.id}").status_code == 204
    assert ident.head(f"/system/users/{user.id}/roles/{reader.id}", raise_exc=False).status_code == 404


def test_domain_inherited_grant_reaches_every_project(openstack_connection) -> None:
    ident = openstack_connection.identity
    domain = ident.create_domain(name=unique("idom"))
    p1 = ident.create_project(name=unique("ip"), domain_id=domain.id)
    user = ident.create_user(name=unique("iu"), password="x")
    member = ident.find_role("member")
    path = f"/OS-INHERIT/domains/{domain.id}/users/{user.id}/roles"
    assert ident.put(f"{path}/{member.id}/inherited_to_projects").status_code == 204
    assert [r["id"] for r in ident.get(f"{path}/inherited_to_projects").json()["roles"]] == [member.id]
    effective = ident.get(f"/role_assignments?user.id={user.id}&effective").json()["role_assignments"]
    assert {a["scope"]["project"]["id"] for a in effective} == {p1.id}
    assert effective[0]["links"]["assignment"].endswith(f"{path}/{member.id}/inherited_to_projects")
    assert [p.id for p in ident.user_projects(user)] == [p1.id]
    assert ident.delete(f"{path}/{member.id}/inherited_to_projects").status_code == 204
    assert ident.delete(f"{path}/{member.id}/inherited_to_projects", raise_exc=False).status_code == 404
