"""Host aggregates: CRUD, hosts, metadata, availability zones, Placement mirroring."""

from __future__ import annotations

import uuid

import httpx
import openstack.exceptions
import pytest

from tests.compute.resources_helpers import nova_headers
from tests.conftest import openstack_cli


def _name() -> str:
    return f"agg-{uuid.uuid4().hex[:8]}"


def _hosts(conn) -> list[str]:
    return [s.host for s in conn.compute.services(binary="nova-compute")]


def test_sdk_crud_hosts_metadata(cloud, openstack_connection) -> None:
    conn = openstack_connection
    host = _hosts(conn)[0]
    agg = conn.compute.create_aggregate(name=_name(), availability_zone="az-sdk")
    assert agg.availability_zone == "az-sdk" and agg.uuid
    agg = conn.compute.add_host_to_aggregate(agg, host)
    assert agg.hosts == [host] and agg.metadata == {"availability_zone": "az-sdk"}
    agg = conn.compute.set_aggregate_metadata(agg, {"ssd": "true"})
    assert agg.metadata == {"availability_zone": "az-sdk", "ssd": "true"}
    agg = conn.compute.set_aggregate_metadata(agg, {"ssd": None})
    assert "ssd" not in agg.metadata
    agg = conn.compute.update_aggregate(agg, name=agg.name + "-renamed")
    assert agg.name.endswith("-renamed")
    assert agg.id in [a.id for a in conn.compute.aggregates()]
    # the host moved to the aggregate's zone
    zones = {z.name for z in conn.compute.availability_zones()}
    assert "az-sdk" in zones
    service = next(conn.compute.services(host=host, binary="nova-compute"))
    assert service.availability_zone == "az-sdk"
    agg = conn.compute.remove_host_from_aggregate(agg, host)
    assert agg.hosts == []
    conn.compute.delete_aggregate(agg, ignore_missing=False)
    with pytest.raises(openstack.exceptions.NotFoundException):
        conn.compute.get_aggregate(agg.id)


def test_placement_mirror(cloud, http: httpx.Client, admin_token: str) -> None:
    agg = http.post("/compute/v2.1/os-aggregates", json={"aggregate": {"name": _name()}},
                    headers=nova_headers(admin_token, "2.41")).json()["aggregate"]
    node = http.get("/compute/v2.1/os-hypervisors", headers=nova_headers(admin_token, "2.53")).json()["hypervisors"][0]
    http.post(f"/compute/v2.1/os-aggregates/{agg['id']}/action",
              json={"add_host": {"host": node["hypervisor_hostname"]}}, headers=nova_headers(admin_token))
    placement = http.get(f"/placement/resource_providers/{node['id']}/aggregates",
                         headers={"X-Auth-Token": admin_token, "OpenStack-API-Version": "placement 1.19"})
    assert agg["uuid"] in placement.json()["aggregates"]
    http.post(f"/compute/v2.1/os-aggregates/{agg['id']}/action",
              json={"remove_host": {"host": node["hypervisor_hostname"]}}, headers=nova_headers(admin_token))
    placement = http.get(f"/placement/resource_providers/{node['id']}/aggregates",
                         headers={"X-Auth-Token": admin_token, "OpenStack-API-Version": "placement 1.19"})
    assert agg["uuid"] not in placement.json()["aggregates"]


def test_errors(cloud, http: httpx.Client, admin_token: str, demo_token: str) -> None:
    name = _name()
    created = http.post(
        "/compute/v2.1/os-aggregates", json={"aggregate": {"name": name}}, headers=nova_headers(admin_token)
    )
    assert created.status_code == 200
    body = created.json()["aggregate"]
    assert "hosts" not in body and "uuid" not in body and body["availability_zone"] is None
    agg_id = body["id"]
    dup = http.post(
        "/compute/v2.1/os-aggregates", json={"aggregate": {"name": name}}, headers=nova_headers(admin_token)
    )
    assert dup.status_code == 409 and dup.json()["conflictingRequest"]["message"] == f"Aggregate {name} already exists."
    assert (
        http.post("/compute/v2.1/os-aggregates", json={"aggregate": {}}, headers=nova_headers(admin_token)).status_code
        == 400
    )
    assert (
        http.post(
            "/compute/v2.1/os-aggregates", json={"aggregate": {"name": _name()}}, headers=nova_headers(demo_token)
        ).status_code
        == 403
    )
    assert http.get("/compute/v2.1/os-aggregates/9999", headers=nova_headers(admin_token)).status_code == 404
    assert http.get("/compute/v2.1/os-aggregates/abc", headers=nova_headers(admin_token)).status_code == 400
    action = f"/compute/v2.1/os-aggregates/{agg_id}/action"
    nohost = http.post(action, json={"add_host": {"host": "no-such-host"}}, headers=nova_headers(admin_token))
    assert nohost.status_code == 404
    assert nohost.json()["itemNotFound"]["message"] == "Compute host no-such-host could not be found."
    host = http.get("/compute/v2.1/os-hypervisors", headers=nova_headers(admin_token)).json()["hypervisors"][0][
        "hypervisor_hostname"
    ]
    assert http.post(action, json={"add_host": {"host": host}}, headers=nova_headers(admin_token)).status_code == 200
    again = http.post(action, json={"add_host": {"host": host}}, headers=nova_headers(admin_token))
    assert again.status_code == 409
    not_empty = http.delete(f"/compute/v2.1/os-aggregates/{agg_id}", headers=nova_headers(admin_token))
    assert not_empty.status_code == 400 and "not empty" in not_empty.json()["badRequest"]["message"]
    # a host cannot be in two zones
    zoned = http.post(
        "/compute/v2.1/os-aggregates",
        json={"aggregate": {"name": _name(), "availability_zone": "z1"}},
        headers=nova_headers(admin_token),
    ).json()["aggregate"]
    http.put(
        f"/compute/v2.1/os-aggregates/{agg_id}",
        json={"aggregate": {"availability_zone": "z2"}},
        headers=nova_headers(admin_token),
    )
    clash = http.post(
        f"/compute/v2.1/os-aggregates/{zoned['id']}/action",
        json={"add_host": {"host": host}},
        headers=nova_headers(admin_token),
    )
    assert clash.status_code == 409 or clash.status_code == 400
    assert "availability zone" in str(clash.json())
    assert http.post(action, json={"bogus": {}}, headers=nova_headers(admin_token)).status_code == 400
    gone = http.post(action, json={"remove_host": {"host": "other"}}, headers=nova_headers(admin_token))
    assert gone.status_code == 404
    empty_az = http.post(
        action, json={"set_metadata": {"metadata": {"availability_zone": None}}}, headers=nova_headers(admin_token)
    )
    assert empty_az.status_code == 400
    assert http.post(action, json={"remove_host": {"host": host}}, headers=nova_headers(admin_token)).status_code == 200
    assert http.delete(f"/compute/v2.1/os-aggregates/{agg_id}", headers=nova_headers(admin_token)).status_code == 200


def test_cli_aggregate_create_with_zone(cloud, twinstack_cloud) -> None:
    name = _name()
    created = openstack_cli(
        twinstack_cloud, "aggregate", "create", "--zone", "cli-zone", "--property", "gpu=yes", name, "-f", "json"
    )
    assert created["name"] == name and created["availability_zone"] == "cli-zone"
    shown = openstack_cli(twinstack_cloud, "aggregate", "show", name, "-f", "json")
    assert shown["properties"] in ({"gpu": "yes"}, "gpu='yes'")


def test_cache_images_from_2_81(cloud, http: httpx.Client, admin_token: str, openstack_connection) -> None:
    agg = http.post(
        "/compute/v2.1/os-aggregates", json={"aggregate": {"name": _name()}}, headers=nova_headers(admin_token)
    ).json()["aggregate"]
    image = openstack_connection.image.find_image("cirros-0.6.3-x86_64-disk")
    url = f"/compute/v2.1/os-aggregates/{agg['id']}/images"
    body = {"cache": [{"id": image.id}]}
    assert http.post(url, json=body, headers=nova_headers(admin_token, "2.80")).status_code == 404
    assert http.post(url, json=body, headers=nova_headers(admin_token, "2.81")).status_code == 202
    dup = http.post(
        url, json={"cache": [{"id": image.id}, {"id": image.id}]}, headers=nova_headers(admin_token, "2.81")
    )
    assert dup.status_code == 400 and dup.json()["badRequest"]["message"] == "Duplicate images in request"
    assert http.post(url, json={"cache": []}, headers=nova_headers(admin_token, "2.81")).status_code == 400
    missing = http.post(url, json={"cache": [{"id": str(uuid.uuid4())}]}, headers=nova_headers(admin_token, "2.81"))
    assert missing.status_code == 400
    assert (
        http.post(
            "/compute/v2.1/os-aggregates/9999/images", json=body, headers=nova_headers(admin_token, "2.81")
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "method,suffix,body",
    [
        ("GET", "", None),
        ("DELETE", "", None),
        ("PUT", "", {"aggregate": {"name": "x"}}),
        ("POST", "/action", {"set_metadata": {"metadata": {"k": "v"}}}),
    ],
)
def test_ids_past_the_integer_column_are_404(
    http: httpx.Client, admin_token: str, method: str, suffix: str, body: dict | None
) -> None:
    """Nova's database finds no aggregate with an id past its integer column: 404 (it was a 500 here);
    an id that is no integer at all stays Nova's 400."""
    for huge in ("99999999999999999999", "-99999999999999999999"):
        r = http.request(
            method, f"/compute/v2.1/os-aggregates/{huge}{suffix}", json=body, headers=nova_headers(admin_token, "2.41")
        )
        assert (
            r.status_code == 404 and r.json()["itemNotFound"]["message"] == f"Aggregate {huge} could not be found."
        ), r.text
    r = http.request(
        method, f"/compute/v2.1/os-aggregates/abc{suffix}", json=body, headers=nova_headers(admin_token, "2.41")
    )
    assert r.status_code == 400 and "badRequest" in r.json(), r.text
