"""os-migrations shows the flavors' ids as integers, as Nova's internal ids are, even for flavors
whose public id is a uuid (tempest's schema accepts only an integer or null)."""

from __future__ import annotations

import uuid

import httpx


def test_instance_type_ids_are_integers(cloud, openstack_connection, http: httpx.Client, admin_token: str) -> None:
    conn = openstack_connection
    flavor = conn.compute.create_flavor(
        name=f"mig-{uuid.uuid4().hex[:6]}", id=str(uuid.uuid4()), vcpus=1, ram=256, disk=1
    )
    server = conn.compute.create_server(
        name="mig",
        image_id=conn.image.find_image("cirros-0.6.3-x86_64-disk").id,
        flavor_id=conn.compute.find_flavor("m1.tiny").id,
        networks="none",
    )
    conn.compute.wait_for_server(server, interval=0.05, wait=30)
    conn.compute.resize_server(server, flavor.id)
    conn.compute.wait_for_server(server, status="VERIFY_RESIZE", interval=0.05, wait=30)
    response = http.get("/compute/v2.1/os-migrations", headers={"X-Auth-Token": admin_token})
    migration = next(m for m in response.json()["migrations"] if m["instance_uuid"] == server.id)
    assert isinstance(migration["new_instance_type_id"], int)
    assert isinstance(migration["old_instance_type_id"], int) and migration["old_instance_type_id"] == 1
