"""os-availability-zone: zones from enabled compute services and aggregates; the admin detail."""

from __future__ import annotations

import httpx

from tests.compute.resources_helpers import nova_headers


def test_sdk_lists_nova(cloud, openstack_connection, demo_connection) -> None:
    zones = list(demo_connection.compute.availability_zones())
    assert [(z.name, z.state) for z in zones] == [("nova", {"available": True})]
    assert zones[0].hosts is None
    detailed = {z.name: z for z in openstack_connection.compute.availability_zones(details=True)}
    assert set(detailed) == {"internal", "nova"}
    hosts = detailed["nova"].hosts
    assert len(hosts) >= 4 and all(set(services) == {"nova-compute"} for services in hosts.values())
    service = next(iter(hosts.values()))["nova-compute"]
    assert service["available"] is True and service["active"] is True and service["updated_at"]
    assert {"nova-conductor", "nova-scheduler"} <= {b for s in detailed["internal"].hosts.values() for b in s}


def test_zones_follow_aggregates_and_disabled_services(cloud, http: httpx.Client, admin_token: str,
                                                        demo_token: str) -> None:
    host = http.get("/compute/v2.1/os-hypervisors", headers=nova_headers(admin_token)).json()["hypervisors"][0][
        "hypervisor_hostname"]
    agg = http.post("/compute/v2.1/os-aggregates", json={"aggregate": {"name": "edge", "availability_zone": "edge"}},
                    headers=nova_headers(admin_token)).json()["aggregate"]
    http.post(f"/compute/v2.1/os-aggregates/{agg['id']}/action", json={"add_host": {"host": host}},
              headers=nova_headers(admin_token))
    zones = http.get("/compute/v2.1/os-availability-zone", headers=nova_headers(demo_token)).json()[
        "availabilityZoneInfo"
    ]
    assert {"zoneName": "edge", "zoneState": {"available": True}, "hosts": None} in zones
    # a zone whose every compute service is disabled is listed as not available
    http.put(
        "/compute/v2.1/os-services/disable",
        json={"host": host, "binary": "nova-compute"},
        headers=nova_headers(admin_token),
    )
    zones = http.get("/compute/v2.1/os-availability-zone", headers=nova_headers(demo_token)).json()[
        "availabilityZoneInfo"
    ]
    assert {"zoneName": "edge", "zoneState": {"available": False}, "hosts": None} in zones
    detail = http.get("/compute/v2.1/os-availability-zone/detail", headers=nova_headers(admin_token)).json()
    edge = next(z for z in detail["availabilityZoneInfo"] if z["zoneName"] == "edge")
    assert edge["hosts"] is None


def test_detail_is_admin_only(http: httpx.Client, demo_token: str) -> None:
    response = http.get("/compute/v2.1/os-availability-zone/detail", headers=nova_headers(demo_token))
    assert response.status_code == 403
    assert response.json()["forbidden"]["message"] == (
        "Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed."
    )
