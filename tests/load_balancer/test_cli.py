"""The issue's flow through the ``openstack loadbalancer`` CLI (python-octaviaclient's OSC plugin): a load
balancer created with ``--wait``, then a listener, pool, members and a health monitor, all ACTIVE/ONLINE,
and the amphora a server in the service project that the admin sees through Nova."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import openstack_cli


def test_loadbalancer_create_wait_to_active_online(cloud: Any, admin: Any, subnet: Any) -> None:
    def cli(*args: str) -> Any:
        return openstack_cli(cloud, "loadbalancer", *args, "-f", "json", user="twinstack")

    lb = cli("create", "--name", "web", "--vip-subnet-id", subnet.id, "--wait")
    assert (lb["provisioning_status"], lb["operating_status"]) == ("ACTIVE", "ONLINE")
    listener = cli("listener", "create", "--name", "http", "--protocol", "HTTP", "--protocol-port", "80", "--wait",
                   lb["id"])
    pool = cli("pool", "create", "--name", "p", "--listener", listener["id"], "--protocol", "HTTP",
               "--lb-algorithm", "ROUND_ROBIN", "--wait")
    cli("member", "create", "--address", "10.0.0.60", "--protocol-port", "80", "--subnet-id", subnet.id, "--wait",
        pool["id"])
    monitor = cli("healthmonitor", "create", "--delay", "5", "--timeout", "3", "--max-retries", "3", "--type",
                  "HTTP", "--wait", pool["id"])
    assert (monitor["provisioning_status"], monitor["operating_status"]) == ("ACTIVE", "ONLINE")
    members = cli("member", "list", pool["id"])
    assert {(m["provisioning_status"], m["operating_status"]) for m in members} == {("ACTIVE", "ONLINE")}
    shown = openstack_cli(cloud, "loadbalancer", "status", "show", lb["id"], user="twinstack")  # JSON already
    status = json.loads(shown.stdout)["loadbalancer"]
    assert status["operating_status"] == "ONLINE"
    assert status["listeners"][0]["pools"][0]["operating_status"] == "ONLINE"
    amphora = next(iter(admin.load_balancer.amphorae(loadbalancer_id=lb["id"])))
    server = admin.compute.get_server(amphora.compute_id)
    assert server.status == "ACTIVE" and server.project_id == admin.identity.find_project("service").id
