"""Image sharing between the demo and alt_demo projects, through openstacksdk and raw HTTP."""

from __future__ import annotations

import openstack.exceptions
import pytest

from tests.image.conftest import Glance, message
from twinstack.testing import Cloud


def test_members_flow_with_two_projects(cloud: Cloud, demo_connection, alt_connection) -> None:
    owner, other = demo_connection, alt_connection
    image = owner.image.create_image(name="shared-one", disk_format="raw", container_format="bare",
                                     visibility="shared")
    alt_project = other.current_project_id
    assert image.id not in [i.id for i in other.image.images()]
    with pytest.raises(openstack.exceptions.NotFoundException):
        other.image.get_image(image.id)

    member = owner.image.add_member(image, member_id=alt_project)
    assert (member.member_id, member.status) == (alt_project, "pending")
    # a pending member sees the image, but listings show it only when asked for that status
    assert other.image.get_image(image.id).name == "shared-one"
    assert image.id not in [i.id for i in other.image.images()]
    assert image.id in [i.id for i in other.image.images(member_status="pending")]

    other.image.update_member(alt_project, image, status="accepted")
    assert image.id in [i.id for i in other.image.images()]
    assert [m.member_id for m in owner.image.members(image)] == [alt_project]
    assert owner.image.get_member(alt_project, image).status == "accepted"

    other.image.update_member(alt_project, image, status="rejected")
    assert image.id not in [i.id for i in other.image.images()]
    assert image.id in [i.id for i in other.image.images(member_status="rejected")]

    owner.image.remove_member(alt_project, image)
    with pytest.raises(openstack.exceptions.NotFoundException):
        other.image.get_image(image.id)


def test_member_rules(demo_glance: Glance, alt_glance: Glance, admin_glance: Glance) -> None:
    mine = alt_glance.create(name="alt-own", disk_format="raw", container_format="bare")
    alt_project = mine["owner"]
    private = demo_glance.create(name="p", visibility="private", disk_format="raw", container_format="bare")
    response = demo_glance.post(f"/images/{private['id']}/members", json={"member": alt_project})
    assert response.status_code == 403 and "Only shared images have members." in message(response)
    shared = demo_glance.create(name="s", disk_format="raw", container_format="bare")  # default: shared
    assert shared["visibility"] == "shared"
    path = f"/images/{shared['id']}/members"
    assert demo_glance.post(path, json={"member": alt_project}).status_code == 200
    response = demo_glance.post(path, json={"member": alt_project})
    assert response.status_code == 409 and "is duplicated" in message(response)
    # the owner may not accept on the member's behalf; the member may not add others
    response = demo_glance.put(f"{path}/{alt_project}", json={"status": "accepted"})
    assert response.status_code == 403
    response = alt_glance.post(path, json={"member": "someone"})
    assert response.status_code == 403
    # bad bodies
    for body, text in (({}, "Member to be added not specified"), ({"member": ""}, "Member can't be empty"),
                       ({"member": 5}, "Expected a member")):
        response = demo_glance.post(path, json=body)
        assert response.status_code == 400 and text in message(response)
    response = alt_glance.put(f"{path}/{alt_project}", json={"status": "maybe"})
    assert response.status_code == 400
    response = alt_glance.put(f"{path}/{alt_project}", json={})
    assert response.status_code == 400 and "Status not specified" in message(response)
    # a member sees only itself
    assert demo_glance.post(path, json={"member": "third-project"}).status_code == 200
    assert len(demo_glance.get(path).json()["members"]) == 2
    assert [m["member_id"] for m in alt_glance.get(path).json()["members"]] == [alt_project]
    assert alt_glance.get(f"{path}/third-project").status_code == 404
    assert demo_glance.get(f"{path}/nobody").status_code == 404
    body = demo_glance.get(path).json()
    assert body["schema"] == "/v2/schemas/members" and body["members"][0]["schema"] == "/v2/schemas/member"
