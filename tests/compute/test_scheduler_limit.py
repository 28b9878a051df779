"""max_placement_results: the scheduler weighs a limited window of Placement candidates (cost flat as
hosts grow), yet servers still spread over the whole cloud, a requested host or a small availability
zone outside the window is still found, and the ssd aggregate's one host still takes a flavor pinned to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.compute.helpers import boot, nova, wait_status
from twinstack.testing import Cloud

MODEL = {"compute": {
    "hosts": [{"name": "many", "count": 30}, {"name": "lonely", "availability_zone": "far"}],
    "flavors": [{"name": "ssd.small", "id": "ssd1", "vcpus": 1, "ram": 2048, "disk": 20,
                 "extra_specs": {"aggregate_instance_extra_specs:ssd": "true"}}],
    "quotas": {"instances": 100, "cores": 200, "ram": 1024000},
    "settings": {"max_placement_results": 4},
}}


@pytest.fixture(scope="module")
def limited_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cloud]:
    path = Path(tmp_path_factory.mktemp("model")) / "limited.yaml"
    path.write_text(yaml.safe_dump(MODEL))
    with Cloud(model=str(path)) as cloud:
        yield cloud


@pytest.fixture
def conn(limited_cloud: Cloud) -> Any:
    limited_cloud.reset()
    return limited_cloud.connect()


def test_servers_spread_beyond_one_window(conn: Any) -> None:
    hosts = [boot(conn, f"s{i}")["OS-EXT-SRV-ATTR:host"] for i in range(8)]
    assert len(set(hosts)) > 4, hosts  # windows start at random providers, not always the first 4


def test_requested_host_outside_the_window(conn: Any) -> None:
    assert boot(conn, "pinned", host="many-27", version="2.74")["OS-EXT-SRV-ATTR:host"] == "many-27"
    assert boot(conn, "zoned", availability_zone="nova:many-29")["OS-EXT-SRV-ATTR:host"] == "many-29"


def test_small_zone_and_aggregate_are_found(conn: Any) -> None:
    assert boot(conn, "far", availability_zone="far")["OS-EXT-SRV-ATTR:host"] == "lonely"
    assert boot(conn, "ssd", flavor="ssd.small")["OS-EXT-SRV-ATTR:host"] == "compute-4"


def test_affinity_follows_its_host_beyond_the_window(conn: Any) -> None:
    group = nova(conn, "POST", "/os-server-groups", "2.64",
                 json={"server_group": {"name": "together", "policy": "affinity"}}).json()["server_group"]["id"]
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    hosts = set()
    for i in range(4):
        r = nova(conn, "POST", "/servers", "2.96", json={
            "server": {"name": f"a{i}", "imageRef": image.id, "flavorRef": "1", "networks": "none"},
            "os:scheduler_hints": {"group": group}})
        assert r.status_code == 202, r.text
        hosts.add(wait_status(conn, r.json()["server"]["id"], "ACTIVE")["OS-EXT-SRV-ATTR:host"])
    assert len(hosts) == 1
