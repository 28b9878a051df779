"""``POST /reshaper``: inventory and its allocations move from a compute node to a child in one step."""

from __future__ import annotations

import uuid

from tests.placement.conftest import Api, error


def test_move_vgpu_inventory_to_a_child(api: Api) -> None:
    root = api.provider("cn", VCPU=8, VGPU=4)
    child = api.provider("cn-gpu", parent=root)
    consumer = str(uuid.uuid4())
    assert api("PUT", f"/allocations/{consumer}", json={
        "allocations": {root: {"resources": {"VCPU": 1, "VGPU": 2}}}, "project_id": "p", "user_id": "u",
        "consumer_generation": None, "consumer_type": "INSTANCE"}).status_code == 204
    # a plain inventory update cannot remove VGPU from the root: it is in use
    assert error(api("PUT", f"/resource_providers/{root}/inventories", json={
        "resource_provider_generation": api.generation(root), "inventories": {"VCPU": {"total": 8}}}))["code"] == \
        "placement.inventory.inuse"
    body = {
        "inventories": {
            root: {"resource_provider_generation": api.generation(root), "inventories": {"VCPU": {"total": 8}}},
            child: {"resource_provider_generation": api.generation(child), "inventories": {"VGPU": {"total": 4}}},
        },
        "allocations": {consumer: {
            "allocations": {root: {"resources": {"VCPU": 1}}, child: {"resources": {"VGPU": 2}}},
            "project_id": "p", "user_id": "u", "consumer_generation": 1, "consumer_type": "INSTANCE"}},
    }
    assert api("POST", "/reshaper", version="1.29", json=body).status_code == 404
    response = api("POST", "/reshaper", json=body)
    assert response.status_code == 204, response.text
    assert api("GET", f"/resource_providers/{root}/usages").json()["usages"] == {"VCPU": 1}
    assert api("GET", f"/resource_providers/{child}/usages").json()["usages"] == {"VGPU": 2}
    assert api("GET", f"/allocations/{consumer}").json()["consumer_generation"] == 2
    # the same body again: every generation is stale now, and nothing changes
    err = error(api("POST", "/reshaper", json=body))
    assert err["status"] == 409 and err["code"] == "placement.concurrent_update"
    assert api("GET", f"/resource_providers/{child}/usages").json()["usages"] == {"VGPU": 2}


def test_reshaper_refuses_over_capacity_and_rolls_back(api: Api) -> None:
    root = api.provider("cn", VCPU=8)
    consumer = str(uuid.uuid4())
    api("PUT", f"/allocations/{consumer}", json={
        "allocations": {root: {"resources": {"VCPU": 6}}}, "project_id": "p", "user_id": "u",
        "consumer_generation": None, "consumer_type": "INSTANCE"})
    generation = api.generation(root)
    body = {"inventories": {root: {"resource_provider_generation": generation, "inventories": {"VCPU": {"total": 4}}}},
            "allocations": {consumer: {"allocations": {root: {"resources": {"VCPU": 6}}}, "project_id": "p",
                                       "user_id": "u", "consumer_generation": 1, "consumer_type": "INSTANCE"}}}
    assert error(api("POST", "/reshaper", json=body))["status"] == 409
    assert api("GET", f"/resource_providers/{root}/inventories").json()["inventories"]["VCPU"]["total"] == 8
    assert api.generation(root) == generation
    body["inventories"] = {str(uuid.uuid4()): body["inventories"][root]}
    assert error(api("POST", "/reshaper", json=body))["code"] == "placement.resource_provider.not_found"
