"""Inventories: replace all, one class at a time, generations, in-use protection, bad input."""

from __future__ import annotations

import uuid

from tests.placement.conftest import Api, error


def _put_all(api: Api, rp: str, generation: int, inventories: dict, version: str = "latest"):
    return api("PUT", f"/resource_providers/{rp}/inventories", version=version,
               json={"resource_provider_generation": generation, "inventories": inventories})


def test_replace_all_fills_defaults_and_bumps_generation(api: Api) -> None:
    rp = api.provider()
    response = _put_all(api, rp, 0, {"VCPU": {"total": 8, "allocation_ratio": 16.0}, "DISK_GB": {"total": 100}})
    assert response.status_code == 200
    body = response.json()
    assert body["resource_provider_generation"] == 1
    assert body["inventories"]["VCPU"] == {"total": 8, "reserved": 0, "min_unit": 1, "max_unit": 2147483647,
                                           "step_size": 1, "allocation_ratio": 16.0}
    assert api("GET", f"/resource_providers/{rp}/inventories").json() == body
    assert api.generation(rp) == 1


def test_stale_generation_is_409_concurrent_update(api: Api) -> None:
    rp = api.provider(VCPU=4)
    err = error(_put_all(api, rp, 0, {"VCPU": {"total": 8}}))
    assert err["status"] == 409 and err["code"] == "placement.concurrent_update"
    response = api("PUT", f"/resource_providers/{rp}/inventories/VCPU",
                   json={"resource_provider_generation": 0, "total": 8})
    assert error(response)["code"] == "placement.concurrent_update"
    # nothing was written
    assert api("GET", f"/resource_providers/{rp}/inventories/VCPU").json()["total"] == 4


def test_one_class_at_a_time(api: Api) -> None:
    rp = api.provider()
    response = api("POST", f"/resource_providers/{rp}/inventories", json={"resource_class": "MEMORY_MB", "total": 2048})
    assert response.status_code == 201
    assert response.headers["location"].endswith(f"/resource_providers/{rp}/inventories/MEMORY_MB")
    assert response.json()["resource_provider_generation"] == 1
    assert error(api("POST", f"/resource_providers/{rp}/inventories",
                     json={"resource_class": "MEMORY_MB", "total": 1}))["status"] == 409
    response = api("PUT", f"/resource_providers/{rp}/inventories/MEMORY_MB",
                   json={"resource_provider_generation": 1, "total": 4096, "reserved": 512})
    assert response.status_code == 200 and response.json()["reserved"] == 512
    shown = api("GET", f"/resource_providers/{rp}/inventories/MEMORY_MB").json()
    assert shown["total"] == 4096 and shown["resource_provider_generation"] == 2
    assert api("DELETE", f"/resource_providers/{rp}/inventories/MEMORY_MB").status_code == 204
    assert error(api("GET", f"/resource_providers/{rp}/inventories/MEMORY_MB"))["status"] == 404
    assert error(api("DELETE", f"/resource_providers/{rp}/inventories/MEMORY_MB"))["status"] == 404


def test_unknown_resource_class_and_bad_values_are_400(api: Api) -> None:
    rp = api.provider()
    err = error(_put_all(api, rp, 0, {"CUSTOM_NOT_CREATED": {"total": 1}}))
    assert err["status"] == 400 and "CUSTOM_NOT_CREATED" in err["detail"]
    assert error(_put_all(api, rp, 0, {"VCPU": {"total": 0}}))["status"] == 400
    assert error(_put_all(api, rp, 0, {"VCPU": {"total": 4, "reserved": 5}}))["status"] == 400
    assert error(_put_all(api, rp, 0, {"VCPU": {"total": 4, "min_unit": 3, "max_unit": 2}}))["status"] == 400
    assert error(_put_all(api, rp, 0, {"vcpu": {"total": 4}}))["status"] == 400
    assert error(api("PUT", f"/resource_providers/{rp}/inventories", json={"inventories": {}}))["status"] == 400
    assert api.generation(rp) == 0


def test_reserved_equal_to_total_from_1_26(api: Api) -> None:
    rp = api.provider()
    assert _put_all(api, rp, 0, {"VCPU": {"total": 4, "reserved": 4}}, version="1.25").status_code == 400
    assert _put_all(api, rp, 0, {"VCPU": {"total": 4, "reserved": 4}}, version="1.26").status_code == 200


def test_inventory_in_use_cannot_go(api: Api) -> None:
    rp = api.provider(VCPU=4, MEMORY_MB=1024)
    consumer = str(uuid.uuid4())
    assert api("PUT", f"/allocations/{consumer}", json={
        "allocations": {rp: {"resources": {"VCPU": 1}}}, "project_id": "p", "user_id": "u",
        "consumer_generation": None, "consumer_type": "INSTANCE"}).status_code == 204
    generation = api.generation(rp)
    err = error(api("DELETE", f"/resource_providers/{rp}/inventories/VCPU"))
    assert err["status"] == 409 and err["code"] == "placement.inventory.inuse"
    err = error(_put_all(api, rp, generation, {"MEMORY_MB": {"total": 1024}}))
    assert err["code"] == "placement.inventory.inuse"
    err = error(api("DELETE", f"/resource_providers/{rp}/inventories"))
    assert err["code"] == "placement.inventory.inuse"
    assert api("DELETE", f"/resource_providers/{rp}/inventories/MEMORY_MB").status_code == 204
    err = error(api("DELETE", f"/resource_providers/{rp}"))
    assert err["code"] == "placement.resource_provider.inuse"
    api("DELETE", f"/allocations/{consumer}")
    assert api("DELETE", f"/resource_providers/{rp}/inventories").status_code == 204
    assert api("GET", f"/resource_providers/{rp}/inventories").json()["inventories"] == {}


def test_delete_all_needs_1_5(api: Api) -> None:
    rp = api.provider(VCPU=1)
    assert api("DELETE", f"/resource_providers/{rp}/inventories", version="1.4").status_code in (404, 405)
    assert api("DELETE", f"/resource_providers/{rp}/inventories", version="1.5").status_code == 204
