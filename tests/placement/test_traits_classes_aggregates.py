"""Traits, resource classes and provider aggregates, with their generations and version gates."""

from __future__ import annotations

import uuid

import httpx

from tests.placement.conftest import Api, error


def test_standard_traits_and_custom_lifecycle(api: Api) -> None:
    traits = api("GET", "/traits").json()["traits"]
    for name in ("COMPUTE_NODE", "HW_CPU_X86_AVX2", "STORAGE_DISK_SSD", "MISC_SHARES_VIA_AGGREGATE"):
        assert name in traits
    assert api("GET", "/traits/HW_CPU_X86_AVX2").status_code == 204
    assert error(api("GET", "/traits/CUSTOM_GOLD"))["status"] == 404
    response = api("PUT", "/traits/CUSTOM_GOLD")
    assert response.status_code == 201 and response.headers["location"].endswith("/traits/CUSTOM_GOLD")
    assert api("PUT", "/traits/CUSTOM_GOLD").status_code == 204
    assert error(api("PUT", "/traits/GOLD"))["status"] == 400
    assert api("GET", "/traits?name=startswith:CUSTOM_").json() == {"traits": ["CUSTOM_GOLD"]}
    assert api("GET", "/traits?name=in:CUSTOM_GOLD,COMPUTE_NODE,NOPE").json() == {
        "traits": ["COMPUTE_NODE", "CUSTOM_GOLD"]}
    assert error(api("GET", "/traits?name=CUSTOM_GOLD"))["status"] == 400
    assert error(api("DELETE", "/traits/COMPUTE_NODE"))["status"] == 400
    rp = api.provider()
    api("PUT", f"/resource_providers/{rp}/traits", json={"traits": ["CUSTOM_GOLD"], "resource_provider_generation": 0})
    assert api("GET", "/traits?associated=true").json() == {"traits": ["CUSTOM_GOLD"]}
    assert "CUSTOM_GOLD" not in api("GET", "/traits?associated=false").json()["traits"]
    assert error(api("DELETE", "/traits/CUSTOM_GOLD"))["status"] == 409
    assert api("DELETE", f"/resource_providers/{rp}/traits").status_code == 204
    assert api("DELETE", "/traits/CUSTOM_GOLD").status_code == 204
    assert error(api("DELETE", "/traits/CUSTOM_GOLD"))["status"] == 404


def test_provider_traits_with_generation(api: Api) -> None:
    rp = api.provider()
    body = {"traits": ["HW_CPU_X86_AVX", "COMPUTE_NODE"], "resource_provider_generation": 0}
    response = api("PUT", f"/resource_providers/{rp}/traits", json=body)
    assert response.status_code == 200
    assert response.json() == {"traits": ["COMPUTE_NODE", "HW_CPU_X86_AVX"], "resource_provider_generation": 1}
    assert error(api("PUT", f"/resource_providers/{rp}/traits", json=body))["code"] == "placement.concurrent_update"
    err = error(api("PUT", f"/resource_providers/{rp}/traits",
                    json={"traits": ["CUSTOM_NEVER_MADE"], "resource_provider_generation": 1}))
    assert err["status"] == 400 and "CUSTOM_NEVER_MADE" in err["detail"]
    assert api("GET", f"/resource_providers/{rp}/traits").json()["traits"] == ["COMPUTE_NODE", "HW_CPU_X86_AVX"]
    assert api("DELETE", f"/resource_providers/{rp}/traits").status_code == 204
    assert api("GET", f"/resource_providers/{rp}/traits").json() == {"traits": [], "resource_provider_generation": 2}


def test_resource_classes(api: Api) -> None:
    names = [rc["name"] for rc in api("GET", "/resource_classes").json()["resource_classes"]]
    assert names[:3] == ["VCPU", "MEMORY_MB", "DISK_GB"] and "PCPU" in names and "SRIOV_NET_VF" in names
    response = api("POST", "/resource_classes", json={"name": "CUSTOM_FPGA_X"})
    assert response.status_code == 201
    assert response.headers["location"].endswith("/resource_classes/CUSTOM_FPGA_X")
    assert error(api("POST", "/resource_classes", json={"name": "CUSTOM_FPGA_X"}))["status"] == 409
    assert error(api("POST", "/resource_classes", json={"name": "FPGA_X"}))["status"] == 400
    assert api("GET", "/resource_classes/CUSTOM_FPGA_X").json() == {
        "name": "CUSTOM_FPGA_X", "links": [{"rel": "self", "href": "/placement/resource_classes/CUSTOM_FPGA_X"}]}
    assert error(api("GET", "/resource_classes/CUSTOM_NOPE"))["status"] == 404
    # 1.7+: idempotent PUT without a body
    assert api("PUT", "/resource_classes/CUSTOM_NEW", version="1.7").status_code == 201
    assert api("PUT", "/resource_classes/CUSTOM_NEW", version="1.7").status_code == 204
    # 1.2-1.6: PUT renames
    response = api("PUT", "/resource_classes/CUSTOM_NEW", version="1.6", json={"name": "CUSTOM_RENAMED"})
    assert response.status_code == 200 and response.json()["name"] == "CUSTOM_RENAMED"
    assert error(api("DELETE", "/resource_classes/VCPU"))["status"] == 400
    rp = api.provider(CUSTOM_FPGA_X=2)
    assert error(api("DELETE", "/resource_classes/CUSTOM_FPGA_X"))["status"] == 409
    api("DELETE", f"/resource_providers/{rp}/inventories")
    assert api("DELETE", "/resource_classes/CUSTOM_FPGA_X").status_code == 204


def test_aggregates_before_and_after_1_19(api: Api) -> None:
    rp = api.provider()
    agg1, agg2 = str(uuid.uuid4()), str(uuid.uuid4())
    response = api("PUT", f"/resource_providers/{rp}/aggregates", version="1.1", json=[agg1])
    assert response.status_code == 200 and response.json() == {"aggregates": [agg1]}
    assert api.generation(rp) == 0  # no generation before 1.19
    body = api("GET", f"/resource_providers/{rp}/aggregates", version="1.19").json()
    assert body == {"aggregates": [agg1], "resource_provider_generation": 0}
    response = api("PUT", f"/resource_providers/{rp}/aggregates", version="1.19",
                   json={"aggregates": [agg1, agg2], "resource_provider_generation": 0})
    assert response.json() == {"aggregates": sorted([agg1, agg2]), "resource_provider_generation": 1}
    err = error(api("PUT", f"/resource_providers/{rp}/aggregates", version="1.19",
                    json={"aggregates": [], "resource_provider_generation": 0}))
    assert err["status"] == 409 and "code" not in err  # error codes start at 1.23
    err = error(api("PUT", f"/resource_providers/{rp}/aggregates", version="1.23",
                    json={"aggregates": [], "resource_provider_generation": 0}))
    assert err["code"] == "placement.concurrent_update"
    assert error(api("PUT", f"/resource_providers/{rp}/aggregates", json=["nope"]))["status"] == 400
    assert error(api("PUT", f"/resource_providers/{rp}/aggregates", version="1.1", json=["nope"]))["status"] == 400
    assert api("GET", f"/resource_providers/{rp}/aggregates", version="1.0").status_code == 404


def test_resource_class_answers_in_placements_words(api: Api, http: httpx.Client, demo_token: str) -> None:
    """What the declared resource class must keep saying, as the handlers before it did."""
    assert api("GET", "/resource_classes", version="1.1").status_code == 404
    assert api("GET", "/resource_classes?fields=name&limit=x&sort_key=nope").status_code == 200  # no query read
    err = error(http.get("/placement/resource_classes/CUSTOM_NOPE",
                         headers={"X-Auth-Token": demo_token, "OpenStack-API-Version": "placement latest"}))
    assert err["status"] == 403  # the policy before the lookup
    err = error(api("GET", "/resource_classes/CUSTOM_NOPE"))
    assert (err["detail"], err["code"]) == ("No such resource class CUSTOM_NOPE.", "placement.undefined_code")
    assert api("POST", "/resource_classes", json={"name": "CUSTOM_WORDS"}).content == b""
    err = error(api("POST", "/resource_classes", json={"name": "CUSTOM_WORDS"}))
    assert (err["detail"], err["code"]) == ("Conflicting resource class already exists: CUSTOM_WORDS",
                                            "placement.duplicate_name")
    assert error(api("POST", "/resource_classes", json={"name": "X", "y": 1}))["detail"].startswith(
        "JSON does not validate: ")
    assert error(api("POST", "/resource_classes", json={"resource_classes": []}))["detail"] == (
        "JSON does not validate: Additional properties are not allowed ('resource_classes' was unexpected)")
    err = error(api("PUT", "/resource_classes/lower", version="1.7"))
    assert err["detail"] == "JSON does not validate: The resource class name must start with CUSTOM_"
    response = api("PUT", "/resource_classes/CUSTOM_WORDS", version="1.7")
    assert response.status_code == 204 and response.headers["location"].endswith("/resource_classes/CUSTOM_WORDS")
    assert error(api("PUT", "/resource_classes/VCPU", version="1.6", json={"name": "CUSTOM_V"}))["detail"] == (
        "Cannot update standard resource class VCPU")
    err = error(api("PUT", "/resource_classes/CUSTOM_WORDS", version="1.6", json={"name": "CUSTOM_WORDS"}))
    assert err["status"] == 409 and "code" not in err  # error codes start at 1.23
    assert error(api("PUT", "/resource_classes/CUSTOM_GONE", version="1.6", json={"name": "CUSTOM_Z"}))[
        "status"] == 404
    assert error(api("DELETE", "/resource_classes/VCPU"))["detail"] == (
        "Cannot delete standard resource class VCPU: Cannot delete standard resource class.")
    assert api("DELETE", "/resource_classes/CUSTOM_WORDS").status_code == 204


def test_traits_read_only_their_filters(api: Api) -> None:
    err = error(api("GET", "/traits?fields=name&limit=1"))
    assert err["detail"] == ("Invalid query string parameters: Additional properties are not allowed "
                             "('fields', 'limit' were unexpected)")
    assert error(api("GET", "/traits?associated=maybe"))["detail"] == (
        "Invalid query string parameters: 'associated' must be 'true' or 'false'")
    response = api("GET", "/traits/COMPUTE_NODE", version="1.15")
    assert response.status_code == 204 and response.content == b"" and "last-modified" in response.headers
    assert error(api("GET", "/traits/CUSTOM_NOPE"))["detail"] == "No such trait(s): CUSTOM_NOPE."
    assert api("GET", "/traits", version="1.5").status_code == 404
