"""Allocation candidates: filters, limits, nested trees, granular groups and the per-version shapes."""

from __future__ import annotations

import uuid

from tests.placement.conftest import Api, error

COMPUTE = {"VCPU": 8, "MEMORY_MB": 4096, "DISK_GB": 100}


def _cands(api: Api, query: str, version: str = "latest") -> dict:
    response = api("GET", f"/allocation_candidates?{query}", version=version)
    assert response.status_code == 200, response.text
    return response.json()


def _providers(body: dict) -> list[set[str]]:
    return [set(r["allocations"]) for r in body["allocation_requests"]]


def test_resources_and_capacity(api: Api) -> None:
    a = api.provider("a", **COMPUTE)
    b = api.provider("b", VCPU=2, MEMORY_MB=1024, DISK_GB=10)
    body = _cands(api, "resources=VCPU:2,MEMORY_MB:1024")
    assert _providers(body) == [{a}, {b}]
    assert body["allocation_requests"][0] == {"allocations": {a: {"resources": {"VCPU": 2, "MEMORY_MB": 1024}}},
                                              "mappings": {"": [a]}}
    summary = body["provider_summaries"][a]
    assert summary["resources"]["VCPU"] == {"capacity": 8, "used": 0}
    assert summary["resources"]["DISK_GB"] == {"capacity": 100, "used": 0}  # all classes from 1.27
    assert summary["traits"] == [] and summary["root_provider_uuid"] == a
    assert _providers(_cands(api, "resources=VCPU:4")) == [{a}]
    # usage counts
    api("PUT", f"/allocations/{uuid.uuid4()}", json={
        "allocations": {a: {"resources": {"VCPU": 7}}}, "project_id": "p", "user_id": "u",
        "consumer_generation": None, "consumer_type": "INSTANCE"})
    assert _providers(_cands(api, "resources=VCPU:2")) == [{b}]
    assert _cands(api, "resources=VCPU:1")["provider_summaries"][a]["resources"]["VCPU"]["used"] == 7
    assert _cands(api, "resources=VCPU:100") == {"allocation_requests": [], "provider_summaries": {}}


def test_shapes_per_microversion(api: Api) -> None:
    a = api.provider("a", **COMPUTE)
    old = _cands(api, "resources=VCPU:1", version="1.10")
    assert old["allocation_requests"] == [{"allocations": [{"resource_provider": {"uuid": a},
                                                            "resources": {"VCPU": 1}}]}]
    assert old["provider_summaries"] == {a: {"resources": {"VCPU": {"capacity": 8, "used": 0}}}}
    assert _cands(api, "resources=VCPU:1", version="1.12")["allocation_requests"] == [
        {"allocations": {a: {"resources": {"VCPU": 1}}}}]
    assert set(_cands(api, "resources=VCPU:1", version="1.17")["provider_summaries"][a]) == {"resources", "traits"}
    assert "mappings" not in _cands(api, "resources=VCPU:1", version="1.33")["allocation_requests"][0]


def test_required_forbidden_and_any_traits(api: Api) -> None:
    ssd = api.provider("ssd", **COMPUTE)
    hdd = api.provider("hdd", **COMPUTE)
    api(
        "PUT",
        f"/resource_providers/{ssd}/traits",
        json={"traits": ["STORAGE_DISK_SSD"], "resource_provider_generation": 1},
    )
    api(
        "PUT",
        f"/resource_providers/{hdd}/traits",
        json={"traits": ["STORAGE_DISK_HDD"], "resource_provider_generation": 1},
    )
    assert _providers(_cands(api, "resources=DISK_GB:10&required=STORAGE_DISK_SSD")) == [{ssd}]
    assert _providers(_cands(api, "resources=DISK_GB:10&required=!STORAGE_DISK_SSD")) == [{hdd}]
    assert _providers(_cands(api, "resources=DISK_GB:10&required=in:STORAGE_DISK_SSD,STORAGE_DISK_HDD")) == [
        {ssd},
        {hdd},
    ]
    body = _cands(api, "resources=DISK_GB:10&required=STORAGE_DISK_SSD")
    assert body["provider_summaries"][ssd]["traits"] == ["STORAGE_DISK_SSD"]
    assert (
        error(api("GET", "/allocation_candidates?resources=DISK_GB:1&required=!STORAGE_DISK_SSD", version="1.21"))[
            "status"
        ]
        == 400
    )
    assert (
        error(api("GET", "/allocation_candidates?resources=DISK_GB:1&required=in:STORAGE_DISK_SSD", version="1.38"))[
            "status"
        ]
        == 400
    )
    assert error(api("GET", "/allocation_candidates?resources=DISK_GB:1&required=CUSTOM_NOPE"))["status"] == 400
    assert (
        error(api("GET", "/allocation_candidates?resources=DISK_GB:1&required=STORAGE_DISK_SSD", version="1.16"))[
            "status"
        ]
        == 400
    )


def test_member_of_and_in_tree_and_limit(api: Api) -> None:
    agg1, agg2 = str(uuid.uuid4()), str(uuid.uuid4())
    hosts = [api.provider(f"h{i}", **COMPUTE) for i in range(4)]
    for host, aggs in zip(hosts, ([agg1], [agg2], [agg1, agg2], []), strict=False):
        api(
            "PUT",
            f"/resource_providers/{host}/aggregates",
            json={"aggregates": aggs, "resource_provider_generation": 1},
        )
    assert _providers(_cands(api, f"resources=VCPU:1&member_of={agg1}")) == [{hosts[0]}, {hosts[2]}]
    assert _providers(_cands(api, f"resources=VCPU:1&member_of=in:{agg1},{agg2}")) == [{h} for h in hosts[:3]]
    assert _providers(_cands(api, f"resources=VCPU:1&member_of={agg1}&member_of={agg2}")) == [{hosts[2]}]
    assert _providers(_cands(api, f"resources=VCPU:1&member_of=!{agg1}")) == [{hosts[1]}, {hosts[3]}]
    assert _providers(_cands(api, f"resources=VCPU:1&in_tree={hosts[3]}")) == [{hosts[3]}]
    assert _providers(_cands(api, f"resources=VCPU:1&in_tree={uuid.uuid4()}")) == []
    assert len(_cands(api, "resources=VCPU:1&limit=2")["allocation_requests"]) == 2
    assert len(_cands(api, "resources=VCPU:1&limit=2")["provider_summaries"]) == 2
    assert error(api("GET", "/allocation_candidates?resources=VCPU:1&limit=0"))["status"] == 400
    assert error(api("GET", "/allocation_candidates?resources=VCPU:1&limit=1", version="1.15"))["status"] == 400
    assert (
        error(api("GET", f"/allocation_candidates?resources=VCPU:1&member_of={agg1}", version="1.20"))["status"] == 400
    )
    assert (
        error(api("GET", f"/allocation_candidates?resources=VCPU:1&in_tree={hosts[0]}", version="1.30"))["status"]
        == 400
    )
    assert (
        error(api("GET", f"/allocation_candidates?resources=VCPU:1&member_of=!{agg1}", version="1.31"))["status"] == 400
    )


def test_nested_tree_from_1_29(api: Api) -> None:
    root = api.provider("cn", VCPU=8, MEMORY_MB=4096)
    gpu = api.provider("cn_gpu", parent=root, VGPU=2)
    flat = api.provider("flat", VCPU=8, MEMORY_MB=4096)
    body = _cands(api, "resources=VCPU:1,VGPU:1")
    assert body["allocation_requests"] == [
        {
            "allocations": {root: {"resources": {"VCPU": 1}}, gpu: {"resources": {"VGPU": 1}}},
            "mappings": {"": [root, gpu]},
        }
    ]
    assert body["provider_summaries"][gpu]["parent_provider_uuid"] == root
    assert _cands(api, "resources=VCPU:1,VGPU:1", version="1.28")["allocation_requests"] == []
    # plain compute requests see the nested root and the flat host, with the whole tree summarised
    body = _cands(api, "resources=VCPU:1")
    assert _providers(body) == [{flat}, {root}]
    assert set(body["provider_summaries"]) == {root, gpu, flat}


def test_granular_groups(api: Api) -> None:
    root = api.provider("cn", VCPU=8)
    pf1 = api.provider("pf1", parent=root, SRIOV_NET_VF=4)
    pf2 = api.provider("pf2", parent=root, SRIOV_NET_VF=4)
    query = "resources=VCPU:1&resources1=SRIOV_NET_VF:1&resources2=SRIOV_NET_VF:1"
    assert error(api("GET", f"/allocation_candidates?{query}"))["status"] == 400  # group_policy needed
    isolated = _cands(api, f"{query}&group_policy=isolate")["allocation_requests"]
    assert len(isolated) == 1  # (pf1, pf2) and (pf2, pf1) allocate the same: one request
    assert set(isolated[0]["mappings"]["1"] + isolated[0]["mappings"]["2"]) == {pf1, pf2}
    shared = _cands(api, f"{query}&group_policy=none")["allocation_requests"]
    assert len(shared) == 3
    same = [r for r in shared if r["mappings"]["1"] == r["mappings"]["2"]][0]
    assert list(same["allocations"][same["mappings"]["1"][0]]["resources"].values()) == [2]
    assert _cands(api, "resources_NET=SRIOV_NET_VF:1", version="1.34")["allocation_requests"][0]["mappings"] == {
        "_NET": [pf1]
    }
    assert error(api("GET", "/allocation_candidates?resources_NET=SRIOV_NET_VF:1", version="1.32"))["status"] == 400
    assert error(api("GET", "/allocation_candidates?resources1=SRIOV_NET_VF:1", version="1.24"))["status"] == 400


def test_bad_requests(api: Api) -> None:
    api.provider(**COMPUTE)
    for query, code in (
        ("", "placement.query.missing_value"),
        ("resources=", None),
        ("resources=VCPU", None),
        ("resources=VCPU:x", None),
        ("resources=VCPU:-1", None),
        ("resources=NOPE:1", None),
        ("resources=VCPU:1&bogus=1", None),
        ("resources=VCPU:1&member_of=xyz", None),
        ("resources=VCPU:1&in_tree=xyz", None),
        ("resources=VCPU:1&group_policy=all", None),
    ):
        err = error(api("GET", f"/allocation_candidates?{query}"))
        assert err["status"] == 400, query
        if code:
            assert err["code"] == code


def test_root_required_from_1_35(api: Api) -> None:
    gold = api.provider("gold", VCPU=8)
    plain = api.provider("plain", VCPU=8)
    child = api.provider("gold-child", parent=gold, VGPU=1)
    api(
        "PUT",
        f"/resource_providers/{gold}/traits",
        json={"traits": ["COMPUTE_NODE", "HW_CPU_X86_AVX2"], "resource_provider_generation": 1},
    )
    assert _providers(_cands(api, "resources=VCPU:1&root_required=HW_CPU_X86_AVX2")) == [{gold}]
    assert _providers(_cands(api, "resources=VCPU:1&root_required=!HW_CPU_X86_AVX2")) == [{plain}]
    assert _providers(_cands(api, "resources=VGPU:1&root_required=COMPUTE_NODE")) == [{child}]
    assert _providers(_cands(api, "resources=VGPU:1&root_required=!COMPUTE_NODE")) == []
    assert (
        error(api("GET", "/allocation_candidates?resources=VCPU:1&root_required=COMPUTE_NODE", version="1.34"))[
            "status"
        ]
        == 400
    )
    assert error(api("GET", "/allocation_candidates?resources=VCPU:1&root_required=CUSTOM_NOPE"))["status"] == 400


def test_same_subtree_from_1_36(api: Api) -> None:
    root = api.provider("cn", VCPU=8)
    numa0 = api.provider("numa0", parent=root, MEMORY_MB=1024)
    numa1 = api.provider("numa1", parent=root, MEMORY_MB=1024)
    gpu0 = api.provider("gpu0", parent=numa0, VGPU=1)
    query = "resources_MEM=MEMORY_MB:512&resources_GPU=VGPU:1&group_policy=none"
    assert len(_cands(api, query)["allocation_requests"]) == 2
    body = _cands(api, query + "&same_subtree=_MEM,_GPU")
    assert [r["mappings"] for r in body["allocation_requests"]] == [{"_MEM": [numa0], "_GPU": [gpu0]}]
    assert numa1 not in body["allocation_requests"][0]["allocations"]
    assert error(api("GET", f"/allocation_candidates?{query}&same_subtree=_MEM,_GPU", version="1.35"))["status"] == 400
    assert error(api("GET", f"/allocation_candidates?{query}&same_subtree=_MEM,_NOPE"))["status"] == 400


def test_sharing_provider_via_aggregate(api: Api) -> None:
    agg = str(uuid.uuid4())
    cn1 = api.provider("cn1", VCPU=8, MEMORY_MB=4096)
    cn2 = api.provider("cn2", VCPU=8, MEMORY_MB=4096)
    api.provider("cn-elsewhere", VCPU=8, MEMORY_MB=4096)
    storage = api.provider("shared-storage", DISK_GB=1000)
    api(
        "PUT",
        f"/resource_providers/{storage}/traits",
        json={"traits": ["MISC_SHARES_VIA_AGGREGATE"], "resource_provider_generation": 1},
    )
    for rp in (cn1, cn2, storage):
        api(
            "PUT",
            f"/resource_providers/{rp}/aggregates",
            json={"aggregates": [agg], "resource_provider_generation": api.generation(rp)},
        )
    body = _cands(api, "resources=VCPU:1,DISK_GB:100")
    assert _providers(body) == [{cn1, storage}, {cn2, storage}]
    assert body["allocation_requests"][0]["allocations"] == {
        cn1: {"resources": {"VCPU": 1}},
        storage: {"resources": {"DISK_GB": 100}},
    }
    assert body["provider_summaries"][storage]["resources"]["DISK_GB"]["capacity"] == 1000
    # the compute nodes still answer alone for what they have
    assert _providers(_cands(api, "resources=VCPU:1,MEMORY_MB:64&limit=2")) == [{cn1}, {cn2}]
