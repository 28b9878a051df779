"""Compute version discovery and the microversion differences clients see in a server body."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.compute.helpers import boot, nova


@pytest.fixture
def conn(cloud: Any, openstack_connection: Any) -> Any:
    return openstack_connection


def test_version_documents(twinstack_cloud: Any) -> None:
    root = httpx.get(f"{twinstack_cloud.url}/compute/")
    assert root.status_code == 200
    versions = {v["id"]: v for v in root.json()["versions"]}
    assert versions["v2.1"]["version"] == "2.104" and versions["v2.1"]["min_version"] == "2.1"
    assert versions["v2.1"]["status"] == "CURRENT" and versions["v2.0"]["status"] == "SUPPORTED"
    v21 = httpx.get(f"{twinstack_cloud.url}/compute/v2.1/").json()["version"]
    assert v21["id"] == "v2.1" and v21["media-types"][0]["type"].endswith("version=2.1")
    assert httpx.get(f"{twinstack_cloud.url}/compute/v2/").json()["version"]["id"] == "v2.0"
    assert httpx.get(f"{twinstack_cloud.url}/compute/v2.1/servers").status_code == 401


def test_sdk_negotiates_the_maximum(conn: Any) -> None:
    assert conn.compute.get_endpoint_data().max_microversion.__str__() in ("(2, 104)", "2.104")


def test_server_shapes_per_microversion(conn: Any) -> None:
    sid = boot(conn, "v", "m1.small", description="d")["id"]

    def show(version: str) -> dict[str, Any]:
        response = nova(conn, "GET", f"/servers/{sid}", version)
        assert response.headers["OpenStack-API-Version"] == f"compute {version}"
        assert response.headers["X-OpenStack-Nova-API-Version"] == version
        return response.json()["server"]

    old = show("2.1")
    assert set(old["flavor"]) == {"id", "links"} and old["flavor"]["id"] == "2"
    for key in ("locked", "description", "tags", "host_status", "locked_reason", "pinned_availability_zone",
                "OS-EXT-SRV-ATTR:hostname", "trusted_image_certificates", "server_groups"):
        assert key not in old, key
    assert old["OS-EXT-SRV-ATTR:host"].startswith("compute-")
    assert old["os-extended-volumes:volumes_attached"] == []
    assert show("2.9")["locked"] is False
    assert show("2.16")["host_status"] == "UP"
    assert show("2.19")["description"] == "d"
    assert show("2.26")["tags"] == []
    new = show("2.47")
    assert new["flavor"] == {"vcpus": 1, "ram": 2048, "disk": 20, "ephemeral": 0, "swap": 0,
                             "original_name": "m1.small", "extra_specs": {"hw_rng:allowed": "True"}}
    assert show("2.71")["server_groups"] == []
    assert show("2.73")["locked_reason"] is None
    latest = show("2.96")
    assert latest["pinned_availability_zone"] is None and latest["OS-EXT-SRV-ATTR:hostname"] == "v"
    # legacy header alone works too
    legacy = nova(conn, "GET", f"/servers/{sid}", headers={"X-OpenStack-Nova-API-Version": "2.19"})
    assert legacy.json()["server"]["description"] == "d"
    assert nova(conn, "GET", f"/servers/{sid}", "2.105").status_code == 406
    pinned = boot(conn, "p", availability_zone="nova")
    assert pinned["pinned_availability_zone"] == "nova"
