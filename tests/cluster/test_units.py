"""The small pure parts of the cluster: host ranges both ways, oslo.messaging's transport URL."""

from __future__ import annotations

import pytest

from twinstack.cluster.supervisor import compress
from twinstack.compute.local import parse_hosts
from twinstack.core.bus_rabbit import amqp_url


def test_host_ranges_round_trip() -> None:
    assert parse_hosts("compute-[1-3],gpu-1, edge") == ["compute-1", "compute-2", "compute-3", "gpu-1", "edge"]
    names = [f"compute-{i}" for i in range(1, 2501)] + ["gpu-7", "gpu-8", "edge"]
    assert compress(names) == "compute-[1-2500],gpu-[7-8],edge"
    assert parse_hosts(compress(names)) == names


def test_transport_url() -> None:
    assert amqp_url("rabbit://guest:guest@127.0.0.1:5672/") == "amqp://guest:guest@127.0.0.1:5672/"
    assert amqp_url("rabbit://u:p@h1:5672,u:p@h2:5672/nova") == "amqp://u:p@h1:5672/nova"
    with pytest.raises(ValueError):
        amqp_url("kafka://h:9092/")
