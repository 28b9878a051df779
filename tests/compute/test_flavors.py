"""Flavors, flavor access and extra specs through openstacksdk, the CLI and raw HTTP."""

from __future__ import annotations

import uuid

import httpx
import openstack.exceptions
import pytest

from tests.compute.resources_helpers import nova_headers
from tests.conftest import openstack_cli


def _name(prefix: str = "f") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_sdk_create_show_list_delete(openstack_connection) -> None:
    conn = openstack_connection
    name = _name()
    flavor = conn.compute.create_flavor(name=name, ram=256, vcpus=1, disk=2, ephemeral=1, swap=128,
                                        description="tiny one")
    assert flavor.id and flavor.name == name and flavor.ram == 256 and flavor.ephemeral == 1
    got = conn.compute.get_flavor(flavor.id)
    assert got.vcpus == 1 and got.disk == 2 and got.swap == 128 and got.is_public is True
    assert got.extra_specs == {}
    assert name in [f.name for f in conn.compute.flavors()]
    conn.compute.delete_flavor(flavor)
    with pytest.raises(openstack.exceptions.NotFoundException):
        conn.compute.get_flavor(flavor.id)


def test_given_id_and_duplicates_are_409(http: httpx.Client, admin_token: str) -> None:
    name, fid = _name(), _name("id")
    body = {"flavor": {"name": name, "id": fid, "ram": 64, "vcpus": 1, "disk": 0}}
    response = http.post("/compute/v2.1/flavors", json=body, headers=nova_headers(admin_token))
    assert response.status_code == 200, response.text
    assert response.json()["flavor"]["id"] == fid
    again = http.post("/compute/v2.1/flavors", json=body, headers=nova_headers(admin_token))
    assert again.status_code == 409
    assert again.json() == {"conflictingRequest": {"code": 409, "message": f"Flavor with name {name} already exists."}}
    body["flavor"]["name"] = _name()
    again = http.post("/compute/v2.1/flavors", json=body, headers=nova_headers(admin_token))
    assert again.json()["conflictingRequest"]["message"] == f"Flavor with ID {fid} already exists."


def test_bad_bodies_are_400_and_write_nothing(http: httpx.Client, admin_token: str) -> None:
    name = _name()
    for flavor in ({"name": name, "ram": 0, "vcpus": 1, "disk": 0},
                   {"name": name, "ram": 64, "vcpus": 1},
                   {"name": " " + name, "ram": 64, "vcpus": 1, "disk": 0},
                   {"name": name, "ram": 64, "vcpus": 1, "disk": 0, "bogus": 1},
                   {"name": name, "ram": 64, "vcpus": "x", "disk": 0}):
        response = http.post("/compute/v2.1/flavors", json={"flavor": flavor}, headers=nova_headers(admin_token))
        assert response.status_code == 400, flavor
        assert response.json()["badRequest"]["code"] == 400
    listing = http.get("/compute/v2.1/flavors", params={"is_public": "none"}, headers=nova_headers(admin_token)).json()
    assert name not in [f["name"] for f in listing["flavors"]]


def test_member_cannot_manage_flavors(http: httpx.Client, demo_token: str) -> None:
    response = http.post("/compute/v2.1/flavors", json={"flavor": {"name": _name(), "ram": 64, "vcpus": 1, "disk": 0}},
                         headers=nova_headers(demo_token))
    assert response.status_code == 403
    assert "os_compute_api:os-flavor-manage:create" in response.json()["forbidden"]["message"]


def test_microversion_shapes(http: httpx.Client, admin_token: str) -> None:
    fid = _name("id")
    http.post("/compute/v2.1/flavors", headers=nova_headers(admin_token),
              json={"flavor": {"name": _name(), "id": fid, "ram": 64, "vcpus": 1, "disk": 0}})
    old = http.get(f"/compute/v2.1/flavors/{fid}", headers=nova_headers(admin_token)).json()["flavor"]
    assert old["swap"] == "" and "description" not in old and "extra_specs" not in old
    assert old["OS-FLV-DISABLED:disabled"] is False and old["rxtx_factor"] == 1.0
    assert old["links"][0]["rel"] == "self" and old["links"][0]["href"].endswith(f"/compute/v2.1/flavors/{fid}")
    mid = http.get(f"/compute/v2.1/flavors/{fid}", headers=nova_headers(admin_token, "2.61")).json()["flavor"]
    assert mid["swap"] == "" and mid["description"] is None and mid["extra_specs"] == {}
    new = http.get(f"/compute/v2.1/flavors/{fid}", headers=nova_headers(admin_token, "2.75"))
    assert new.json()["flavor"]["swap"] == 0
    assert new.headers["OpenStack-API-Version"] == "compute 2.75"
    # description update only from 2.55
    body = {"flavor": {"description": "updated"}}
    assert http.put(f"/compute/v2.1/flavors/{fid}", json=body, headers=nova_headers(admin_token)).status_code == 404
    response = http.put(f"/compute/v2.1/flavors/{fid}", json=body, headers=nova_headers(admin_token, "2.55"))
    assert response.status_code == 200 and response.json()["flavor"]["description"] == "updated"
    # 2.75 refuses unknown query parameters
    assert http.get("/compute/v2.1/flavors", params={"foo": "1"}, headers=nova_headers(admin_token)).status_code == 200
    assert (
        http.get("/compute/v2.1/flavors", params={"foo": "1"}, headers=nova_headers(admin_token, "2.75")).status_code
        == 400
    )


def test_filters_sort_and_pagination(http: httpx.Client, admin_token: str) -> None:
    prefix = _name("page")
    for i in range(5):
        http.post(
            "/compute/v2.1/flavors",
            headers=nova_headers(admin_token),
            json={
                "flavor": {
                    "name": f"{prefix}-{i}",
                    "id": f"{prefix}-{i}",
                    "ram": 100000 + i,
                    "vcpus": 1,
                    "disk": 500 + i,
                }
            },
        )
    big = http.get("/compute/v2.1/flavors/detail", params={"minRam": 100002}, headers=nova_headers(admin_token)).json()
    assert [f["name"] for f in big["flavors"]] == [f"{prefix}-{i}" for i in (2, 3, 4)]
    disk = http.get("/compute/v2.1/flavors", params={"minDisk": 503}, headers=nova_headers(admin_token)).json()
    assert {f["id"] for f in disk["flavors"]} == {f"{prefix}-3", f"{prefix}-4"}
    desc = http.get(
        "/compute/v2.1/flavors/detail",
        params={"minRam": 100000, "sort_key": "memory_mb", "sort_dir": "desc"},
        headers=nova_headers(admin_token),
    ).json()
    assert [f["ram"] for f in desc["flavors"]] == [100004, 100003, 100002, 100001, 100000]
    page = http.get(
        "/compute/v2.1/flavors", params={"minRam": 100000, "limit": 2}, headers=nova_headers(admin_token)
    ).json()
    assert [f["id"] for f in page["flavors"]] == [f"{prefix}-0", f"{prefix}-1"]
    next_href = page["flavors_links"][0]["href"]
    assert page["flavors_links"][0]["rel"] == "next" and f"marker={prefix}-1" in next_href
    follow = http.get("/compute" + next_href.split("/compute", 1)[1], headers=nova_headers(admin_token)).json()
    assert [f["id"] for f in follow["flavors"]] == [f"{prefix}-2", f"{prefix}-3"]
    bad = http.get("/compute/v2.1/flavors", params={"marker": "nope"}, headers=nova_headers(admin_token))
    assert bad.status_code == 400 and bad.json()["badRequest"]["message"] == "marker [nope] not found"
    assert (
        http.get("/compute/v2.1/flavors", params={"minRam": "x"}, headers=nova_headers(admin_token)).status_code == 400
    )
    assert (
        http.get("/compute/v2.1/flavors", params={"sort_key": "x"}, headers=nova_headers(admin_token)).status_code
        == 400
    )


def test_private_flavor_access(
    openstack_connection, demo_connection, http: httpx.Client, admin_token: str, demo_token: str
) -> None:
    conn = openstack_connection
    flavor = conn.compute.create_flavor(name=_name("private"), ram=64, vcpus=1, disk=0, is_public=False)
    assert flavor.is_public is False
    demo_project = demo_connection.current_project_id
    assert flavor.id not in [f.id for f in demo_connection.compute.flavors()]
    assert http.get(f"/compute/v2.1/flavors/{flavor.id}", headers=nova_headers(demo_token)).status_code == 404
    # admins see it with is_public=false or none
    private = http.get("/compute/v2.1/flavors", params={"is_public": "false"}, headers=nova_headers(admin_token)).json()
    assert flavor.id in [f["id"] for f in private["flavors"]]
    conn.compute.flavor_add_tenant_access(flavor, demo_project)
    assert conn.compute.get_flavor_access(flavor) == [{"flavor_id": flavor.id, "tenant_id": demo_project}]
    assert flavor.id in [f.id for f in demo_connection.compute.flavors()]
    assert http.get(f"/compute/v2.1/flavors/{flavor.id}", headers=nova_headers(demo_token)).status_code == 200
    body = {"addTenantAccess": {"tenant": demo_project}}
    again = http.post(f"/compute/v2.1/flavors/{flavor.id}/action", json=body, headers=nova_headers(admin_token))
    assert again.status_code == 409
    unknown = http.post(
        f"/compute/v2.1/flavors/{flavor.id}/action",
        json={"addTenantAccess": {"tenant": "nope"}},
        headers=nova_headers(admin_token),
    )
    assert unknown.status_code == 400 and "not a valid project" in unknown.json()["badRequest"]["message"]
    conn.compute.flavor_remove_tenant_access(flavor, demo_project)
    assert conn.compute.get_flavor_access(flavor) == []
    gone = http.post(
        f"/compute/v2.1/flavors/{flavor.id}/action",
        json={"removeTenantAccess": {"tenant": demo_project}},
        headers=nova_headers(admin_token),
    )
    assert gone.status_code == 404
    public = conn.compute.create_flavor(name=_name(), ram=64, vcpus=1, disk=0)
    response = http.get(f"/compute/v2.1/flavors/{public.id}/os-flavor-access", headers=nova_headers(admin_token))
    assert response.status_code == 404
    response = http.post(
        f"/compute/v2.1/flavors/{public.id}/action", json=body, headers=nova_headers(admin_token, "2.7")
    )
    assert response.status_code == 409
    assert response.json()["conflictingRequest"]["message"] == "Can not add access to a public flavor."
    assert (
        http.get(f"/compute/v2.1/flavors/{flavor.id}/os-flavor-access", headers=nova_headers(demo_token)).status_code
        == 403
    )


def test_extra_specs(openstack_connection, http: httpx.Client, admin_token: str, demo_token: str) -> None:
    conn = openstack_connection
    flavor = conn.compute.create_flavor(name=_name(), ram=64, vcpus=1, disk=0)
    specs = conn.compute.create_flavor_extra_specs(flavor, {"hw:cpu_policy": "dedicated", "custom": "1"})
    assert specs.extra_specs == {"hw:cpu_policy": "dedicated", "custom": "1"}
    assert conn.compute.get_flavor_extra_specs_property(flavor, "custom") == "1"
    conn.compute.update_flavor_extra_specs_property(flavor, "custom", "2")
    assert conn.compute.fetch_flavor_extra_specs(flavor).extra_specs["custom"] == "2"
    conn.compute.delete_flavor_extra_specs_property(flavor, "custom")
    assert conn.compute.fetch_flavor_extra_specs(flavor).extra_specs == {"hw:cpu_policy": "dedicated"}
    assert conn.compute.get_flavor(flavor.id).extra_specs == {"hw:cpu_policy": "dedicated"}  # 2.61 body
    base = f"/compute/v2.1/flavors/{flavor.id}/os-extra_specs"
    missing = http.get(f"{base}/nope", headers=nova_headers(admin_token))
    assert missing.status_code == 404
    assert missing.json()["itemNotFound"]["message"] == f"Flavor {flavor.id} has no extra specs with key nope."
    mismatch = http.put(f"{base}/a", json={"b": "1"}, headers=nova_headers(admin_token))
    assert mismatch.status_code == 400 and mismatch.json()["badRequest"]["message"] == "Request body and URI mismatch"
    # 2.86 validates known namespaces; older versions store anything
    bad = {"extra_specs": {"hw:cpu_policy": "sometimes"}}
    assert http.post(base, json=bad, headers=nova_headers(admin_token)).status_code == 200
    response = http.post(base, json=bad, headers=nova_headers(admin_token, "2.86"))
    assert response.status_code == 400 and "is not one of" in response.json()["badRequest"]["message"]
    unknown = http.post(base, json={"extra_specs": {"hw:bogus": "1"}}, headers=nova_headers(admin_token, "2.86"))
    assert unknown.status_code == 400
    other = http.post(base, json={"extra_specs": {"mine:anything": "1"}}, headers=nova_headers(admin_token, "2.86"))
    assert other.status_code == 200
    assert http.get(base, headers=nova_headers(demo_token)).status_code == 200
    assert http.post(base, json={"extra_specs": {"a": "b"}}, headers=nova_headers(demo_token)).status_code == 403


def test_404_and_legacy_project_path(http: httpx.Client, admin_token: str) -> None:
    response = http.get("/compute/v2.1/flavors/does-not-exist", headers=nova_headers(admin_token))
    assert response.json() == {"itemNotFound": {"code": 404, "message": "Flavor does-not-exist could not be found."}}
    assert http.delete("/compute/v2.1/flavors/does-not-exist", headers=nova_headers(admin_token)).status_code == 404
    project = http.get("/identity/v3/auth/projects", headers=nova_headers(admin_token)).json()["projects"][0]["id"]
    listing = http.get(f"/compute/v2.1/{project}/flavors", headers=nova_headers(admin_token))
    assert listing.status_code == 200
    for flavor in listing.json()["flavors"]:
        assert f"/v2.1/{project}/flavors/" in flavor["links"][0]["href"]


def test_cli_flavor_create_and_list(twinstack_cloud) -> None:
    name = _name("cli")
    created = openstack_cli(
        twinstack_cloud,
        "flavor",
        "create",
        "--ram",
        "128",
        "--vcpus",
        "1",
        "--disk",
        "1",
        "--private",
        "--property",
        "hw:cpu_policy=shared",
        name,
        "-f",
        "json",
    )
    assert created["name"] == name and created["os-flavor-access:is_public"] is False
    listed = openstack_cli(twinstack_cloud, "flavor", "list", "--all", "-f", "json")
    assert name in [f["Name"] for f in listed]


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("vcpus", "12409407825991502174", "vcpus must be <= 2147483647"),
    ("ram", "99999999999999999999", "memory_mb must be <= 2147483647"),
    ("disk", "2147483648", "root_gb must be <= 2147483647"),
    ("swap", "99999999999999999999", "swap must be <= 2147483647"),
    ("OS-FLV-EXT-DATA:ephemeral", "99999999999999999999", "ephemeral_gb must be <= 2147483647"),
    ("vcpus", "0", "vcpus must be >= 1"),
])
def test_sizes_given_as_strings_are_range_checked(http: httpx.Client, admin_token: str, field: str, value: str,
                                                  reason: str) -> None:
    """The schema takes a size as an integer or a string of digits, and bounds only the integer; Nova's
    flavors.create checks the number (utils.validate_integer). Unchecked, a string past SQLite's INTEGER
    was a 500 (found by the fuzzer)."""
    body = {"flavor": {"name": _name(), "vcpus": 1, "ram": 64, "disk": 1, field: value}}
    response = http.post("/compute/v2.1/flavors", json=body, headers=nova_headers(admin_token))
    assert response.status_code == 400, response.text
    assert reason in response.json()["badRequest"]["message"]
