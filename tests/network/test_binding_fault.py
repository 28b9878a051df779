"""The fault engine's port_binding_failure, as Nova meets it: the build fails with PortBindingFailed
and the server's ports are gone."""

from __future__ import annotations

import time

import httpx

from twinstack.testing import Cloud


def test_port_binding_failure_fails_the_build(cloud: Cloud, demo_connection, twinstack_faults) -> None:
    twinstack_faults.add(action={"outcome": "port_binding_failure"}, fail_first=1)
    conn = demo_connection
    net = conn.network.find_network("private")
    server = conn.compute.create_server(name="bind-fail", image_id=conn.image.find_image("cirros-0.6.3-x86_64-disk").id,
                                        flavor_id=conn.compute.find_flavor("cirros256").id, networks=[{"uuid": net.id}])
    deadline = time.time() + 30
    while time.time() < deadline:
        server = conn.compute.get_server(server.id)
        if server.status in ("ERROR", "ACTIVE"):
            break
        time.sleep(0.05)
    assert server.status == "ERROR"
    assert "Binding failed for port" in server.fault["message"]
    assert list(conn.network.ports(device_id=server.id)) == []
    # the rule fired once: the next boot binds
    again = conn.compute.create_server(name="bind-ok", image_id=conn.image.find_image("cirros-0.6.3-x86_64-disk").id,
                                       flavor_id=conn.compute.find_flavor("cirros256").id, networks=[{"uuid": net.id}])
    again = conn.compute.wait_for_server(again, interval=0.05, wait=30)
    assert again.status == "ACTIVE"
    assert httpx.get(f"{cloud.url}/_twinstack/faults").json()["faults"][0]["fired"] == 1
