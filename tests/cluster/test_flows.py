"""The openstack CLI against a cluster (API workers, two agents) on PostgreSQL and on MariaDB: a
server boots on a host of each agent, one resizes, the other migrates to the first agent, both are
deleted; every step crosses RabbitMQ from an API worker to the conductor, the scheduler and the
agents. The CLI costs seconds a call, so it makes the four verbs and openstacksdk the rest."""

from __future__ import annotations

import pytest

from tests.compute.helpers import action, boot, nova, wait_gone, wait_status
from tests.conftest import openstack_cli
from twinstack.cluster.supervisor import Cluster
from twinstack.testing import Cloud

AGENT_1 = {"compute-1", "compute-2"}
AGENT_2 = {"compute-3", "compute-4"}


def flows(cluster: Cluster) -> None:
    cloud = Cloud(url=cluster.url).start()  # the pytest plugin's Cloud, attached to the running cluster
    conn = cloud.connect()
    hypervisors = nova(conn, "GET", "/os-hypervisors").json()["hypervisors"]
    assert {h["hypervisor_hostname"] for h in hypervisors} >= AGENT_1 | AGENT_2
    created = openstack_cli(cloud, "server", "create", "--image", "cirros-0.6.3-x86_64-disk", "--flavor", "m1.tiny",
                            "--nic", "none", "--availability-zone", "nova:compute-1", "one", "-f", "json")
    one = wait_status(conn, created["id"], "ACTIVE")
    two = boot(conn, "two", availability_zone="nova:compute-3")
    assert one["OS-EXT-SRV-ATTR:host"] in AGENT_1 and two["OS-EXT-SRV-ATTR:host"] in AGENT_2
    # resize (the conductor drives migrate_out/migrate_in on the agents), then confirm
    openstack_cli(cloud, "server", "resize", "--flavor", "m1.small", one["id"])
    wait_status(conn, one["id"], "VERIFY_RESIZE")
    assert action(conn, one["id"], {"confirmResize": None}).status_code == 204
    assert wait_status(conn, one["id"], "ACTIVE")["flavor"]["original_name"] == "m1.small"
    # cold-migrate the other to a host of the first agent, across agents
    openstack_cli(cloud, "server", "migrate", "--host", "compute-2", "--os-compute-api-version", "2.56", two["id"])
    wait_status(conn, two["id"], "VERIFY_RESIZE")
    assert action(conn, two["id"], {"confirmResize": None}).status_code == 204
    assert wait_status(conn, two["id"], "ACTIVE")["OS-EXT-SRV-ATTR:host"] == "compute-2"
    openstack_cli(cloud, "server", "delete", one["id"], two["id"])
    wait_gone(conn, one["id"])
    wait_gone(conn, two["id"])


@pytest.mark.cli
@pytest.mark.postgresql
@pytest.mark.rabbitmq
def test_cli_on_postgresql(pg_cluster: Cluster) -> None:
    flows(pg_cluster)


@pytest.mark.cli
@pytest.mark.mysql
@pytest.mark.rabbitmq
def test_cli_on_mariadb(mysql_cluster: Cluster) -> None:
    flows(mysql_cluster)
