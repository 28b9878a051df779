"""The openstack CLI against a cluster (two API workers, two agents) on PostgreSQL and on MariaDB:
servers boot on hosts of both agents, resize, migrate and are deleted, each step carried over
RabbitMQ from the API worker to the conductor, the scheduler and the agents."""

from __future__ import annotations

from typing import Any

from tests.compute.helpers import boot, wait_gone, wait_status
from tests.conftest import openstack_cli
from twinstack.cluster.supervisor import Cluster
from twinstack.testing import Cloud

AGENT_1 = {"compute-1", "compute-2"}
AGENT_2 = {"compute-3", "compute-4"}


def flows(cluster: Cluster) -> None:
    cloud = Cloud(url=cluster.url).start()  # the pytest plugin's Cloud, attached to the running cluster
    conn = cloud.connect()
    hypervisors = openstack_cli(cloud, "hypervisor", "list", "-f", "json")
    assert {h["Hypervisor Hostname"] for h in hypervisors} >= AGENT_1 | AGENT_2
    # one server on a host of each agent (the admin's forced host, az:host)
    one = boot(conn, "one", availability_zone="nova:compute-1")
    two = boot(conn, "two", availability_zone="nova:compute-3")
    assert one["OS-EXT-SRV-ATTR:host"] in AGENT_1 and two["OS-EXT-SRV-ATTR:host"] in AGENT_2
    # resize with the CLI (the conductor drives migrate_out/migrate_in on the agents), then confirm
    openstack_cli(cloud, "server", "resize", "--flavor", "m1.small", one["id"])
    wait_status(conn, one["id"], "VERIFY_RESIZE")
    openstack_cli(cloud, "server", "resize", "confirm", one["id"])
    resized = wait_status(conn, one["id"], "ACTIVE")
    assert resized["flavor"]["original_name"] == "m1.small"
    # cold-migrate the other to a host of the first agent, across agents
    openstack_cli(cloud, "server", "migrate", "--host", "compute-2", "--os-compute-api-version", "2.56", two["id"])
    wait_status(conn, two["id"], "VERIFY_RESIZE")
    openstack_cli(cloud, "server", "migrate", "confirm", two["id"])
    moved: dict[str, Any] = wait_status(conn, two["id"], "ACTIVE")
    assert moved["OS-EXT-SRV-ATTR:host"] == "compute-2"
    openstack_cli(cloud, "server", "delete", one["id"], two["id"])
    wait_gone(conn, one["id"])
    wait_gone(conn, two["id"])


def test_cli_on_postgresql(pg_cluster: Cluster) -> None:
    flows(pg_cluster)


def test_cli_on_mariadb(mysql_cluster: Cluster) -> None:
    flows(mysql_cluster)
