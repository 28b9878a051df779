"""Resource providers: create per microversion, filters, trees, generations, conflicts."""

from __future__ import annotations

import uuid

from tests.placement.conftest import Api, error


def test_create_is_201_empty_before_1_20_and_200_with_body_after(api: Api) -> None:
    rp = str(uuid.uuid4())
    response = api("POST", "/resource_providers", version="1.19", json={"name": "old", "uuid": rp})
    assert response.status_code == 201 and response.content == b""
    assert response.headers["location"].endswith(f"/placement/resource_providers/{rp}")
    response = api("POST", "/resource_providers", version="1.20", json={"name": "new"})
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "new" and body["generation"] == 0
    assert body["root_provider_uuid"] == body["uuid"] and body["parent_provider_uuid"] is None
    rels = [link["rel"] for link in body["links"]]
    assert rels == ["self", "inventories", "usages", "aggregates", "traits", "allocations"]


def test_show_shape_per_microversion(api: Api) -> None:
    rp = api.provider("shape")
    old = api("GET", f"/resource_providers/{rp}", version="1.0").json()
    assert set(old) == {"uuid", "name", "generation", "links"}
    assert [link["rel"] for link in old["links"]] == ["self", "inventories", "usages"]
    assert "root_provider_uuid" in api("GET", f"/resource_providers/{rp}", version="1.14").json()


def test_duplicate_name_or_uuid_is_409(api: Api) -> None:
    rp = api.provider("dup")
    err = error(api("POST", "/resource_providers", json={"name": "dup"}))
    assert err["status"] == 409 and err["code"] == "placement.duplicate_name"
    err = error(api("POST", "/resource_providers", json={"name": "other", "uuid": rp}))
    assert err["status"] == 409 and rp in err["detail"]


def test_bad_input_is_400(api: Api) -> None:
    assert error(api("POST", "/resource_providers", json={"name": "x", "uuid": "not-a-uuid"}))["status"] == 400
    assert error(api("POST", "/resource_providers", json={}))["status"] == 400
    assert error(api("POST", "/resource_providers", json={"name": "x" * 201}))["status"] == 400
    assert error(api("POST", "/resource_providers", json={"name": "x", "bogus": 1}))["status"] == 400
    response = api("POST", "/resource_providers", content=b"{nope", headers={"Content-Type": "application/json"})
    assert error(response)["status"] == 400
    # parent_provider_uuid only exists from 1.14
    err = error(api("POST", "/resource_providers", version="1.13", json={"name": "x", "parent_provider_uuid": None}))
    assert err["status"] == 400
    assert api("GET", "/resource_providers?bogus=1").status_code == 400
    assert error(api("GET", "/resource_providers?uuid=not-a-uuid"))["status"] == 400
    assert api("GET", "/resource_providers?in_tree=x", version="1.13").status_code == 400


def test_unknown_provider_is_404(api: Api) -> None:
    missing = str(uuid.uuid4())
    err = error(api("GET", f"/resource_providers/{missing}"))
    assert err["status"] == 404 and missing in err["detail"]
    assert api("DELETE", f"/resource_providers/{missing}").status_code == 404
    assert api("GET", f"/resource_providers/{missing}/inventories").status_code == 404


def test_update_and_delete(api: Api) -> None:
    rp = api.provider("before")
    response = api("PUT", f"/resource_providers/{rp}", json={"name": "after"})
    assert response.status_code == 200 and response.json()["name"] == "after"
    api.provider("taken")
    assert error(api("PUT", f"/resource_providers/{rp}", json={"name": "taken"}))["code"] == "placement.duplicate_name"
    assert api("DELETE", f"/resource_providers/{rp}").status_code == 204
    assert api("GET", f"/resource_providers/{rp}").status_code == 404


def test_nested_trees(api: Api) -> None:
    root = api.provider("root")
    child = api.provider("child", parent=root)
    grandchild = api.provider("grandchild", parent=child)
    body = api("GET", f"/resource_providers/{grandchild}").json()
    assert body["parent_provider_uuid"] == child and body["root_provider_uuid"] == root
    other = api.provider("other")
    names = [p["name"] for p in api("GET", f"/resource_providers?in_tree={child}").json()["resource_providers"]]
    assert names == ["root", "child", "grandchild"]
    assert other not in str(names)
    err = error(api("DELETE", f"/resource_providers/{root}"))
    assert err["status"] == 409 and err["code"] == "placement.resource_provider.cannot_delete_parent"
    bad_parent = {"name": "orphan", "parent_provider_uuid": str(uuid.uuid4())}
    assert error(api("POST", "/resource_providers", json=bad_parent))["status"] == 400


def test_reparenting_needs_1_37(api: Api) -> None:
    root = api.provider("r1")
    root2 = api.provider("r2")
    child = api.provider("c", parent=root)
    body = {"name": "c", "parent_provider_uuid": root2}
    assert error(api("PUT", f"/resource_providers/{child}", version="1.36", json=body))["status"] == 400
    response = api("PUT", f"/resource_providers/{child}", version="1.37", json=body)
    assert response.status_code == 200 and response.json()["root_provider_uuid"] == root2
    response = api(
        "PUT", f"/resource_providers/{child}", version="1.37", json={"name": "c", "parent_provider_uuid": None}
    )
    assert response.json()["root_provider_uuid"] == child
    # a loop is refused
    body = {"name": "r2", "parent_provider_uuid": child}
    api("PUT", f"/resource_providers/{child}", version="1.37", json={"name": "c", "parent_provider_uuid": root2})
    assert error(api("PUT", f"/resource_providers/{root2}", version="1.37", json=body))["status"] == 400
    # 1.14-1.36: setting a parent on a root provider is allowed
    lone = api.provider("lone")
    response = api(
        "PUT", f"/resource_providers/{lone}", version="1.14", json={"name": "lone", "parent_provider_uuid": root}
    )
    assert response.status_code == 200 and response.json()["root_provider_uuid"] == root


def test_list_filters(api: Api) -> None:
    big = api.provider("big", VCPU=16, MEMORY_MB=4096)
    small = api.provider("small", VCPU=2, MEMORY_MB=512)
    agg = str(uuid.uuid4())
    api("PUT", f"/resource_providers/{small}/aggregates", json={"aggregates": [agg], "resource_provider_generation": 1})
    api(
        "PUT",
        f"/resource_providers/{big}/traits",
        json={"traits": ["HW_CPU_X86_AVX2"], "resource_provider_generation": 1},
    )

    def names(query: str, version: str = "latest") -> list[str]:
        response = api("GET", f"/resource_providers{query}", version=version)
        assert response.status_code == 200, response.text
        return [p["name"] for p in response.json()["resource_providers"]]

    assert names("") == ["big", "small"]
    assert names("?name=small") == ["small"]
    assert names(f"?uuid={big}") == ["big"]
    assert names("?resources=VCPU:4") == ["big"]
    assert names("?resources=VCPU:2,MEMORY_MB:512") == ["big", "small"]
    assert names(f"?member_of={agg}") == ["small"]
    assert names(f"?member_of=in:{agg},{uuid.uuid4()}") == ["small"]
    assert names(f"?member_of=!{agg}") == ["big"]
    assert names("?required=HW_CPU_X86_AVX2") == ["big"]
    assert names("?required=!HW_CPU_X86_AVX2") == ["small"]
    assert names("?required=in:HW_CPU_X86_AVX2,STORAGE_DISK_SSD") == ["big"]
    assert error(api("GET", "/resource_providers?resources=NOPE:1"))["status"] == 400
    assert error(api("GET", "/resource_providers?resources=VCPU"))["status"] == 400
    assert error(api("GET", "/resource_providers?required=CUSTOM_UNKNOWN"))["status"] == 400
    assert error(api("GET", "/resource_providers?required=!HW_CPU_X86_AVX2", version="1.21"))["status"] == 400
    assert error(api("GET", f"/resource_providers?member_of={agg}&member_of={agg}", version="1.23"))["status"] == 400
    assert error(api("GET", "/resource_providers?member_of=not-a-uuid"))["code"] == "placement.query.bad_value"


def test_show_is_the_declared_view(api: Api) -> None:
    root = api.provider("declared-root")
    child = api.provider("declared-child", parent=root)
    body = api("GET", f"/resource_providers/{child}", version="1.14").json()
    assert list(body) == ["uuid", "name", "generation", "links", "parent_provider_uuid", "root_provider_uuid"]
    assert (body["parent_provider_uuid"], body["root_provider_uuid"]) == (root, root)
    assert [link["rel"] for link in body["links"]] == ["self", "inventories", "usages", "aggregates", "traits",
                                                     "allocations"]
    assert body["links"][0]["href"] == f"/placement/resource_providers/{child}"
    missing = str(uuid.uuid4())
    err = error(api("GET", f"/resource_providers/{missing}"))
    assert (err["detail"], err["code"]) == (f"No resource provider with uuid {missing} found",
                                            "placement.resource_provider.not_found")
