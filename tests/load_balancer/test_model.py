"""Load balancers, flavors, zones and quotas declared in the model: created at start-up (the amphora
booted through Nova once the cloud runs), and again after a reset."""

from __future__ import annotations

from typing import Any

import pytest

from tests.load_balancer.conftest import wait_active


@pytest.mark.twinstack_model("models/declared.yaml")
def test_declared_load_balancer(cloud: Any, conn: Any, admin: Any) -> None:
    lb = conn.load_balancer.find_load_balancer("declared")
    assert lb is not None
    lb = wait_active(conn, lb.id)
    pool = conn.load_balancer.find_pool("web")
    assert [m.operating_status for m in conn.load_balancer.members(pool)] == ["ONLINE"]
    assert conn.load_balancer.find_listener("http").default_pool_id == pool.id
    assert [a.status for a in admin.load_balancer.amphorae(loadbalancer_id=lb.id)] == ["ALLOCATED"]
    assert admin.network.get_port(lb.vip_port_id).device_owner == "Octavia"
    assert [f.name for f in conn.load_balancer.flavors()] == ["ha"]
    assert [z.name for z in conn.load_balancer.availability_zones()] == ["az1"]
    quota = admin.load_balancer.get_quota_default()
    assert (quota.listeners, quota.load_balancers) == (5, -1)


@pytest.mark.twinstack_model("models/declared.yaml")
def test_export_keeps_the_catalog(cloud: Any) -> None:
    from twinstack.model.export import export
    section = export(cloud.connect("twinstack-admin"))["load_balancer"]
    assert [f["name"] for f in section["flavors"]] == ["ha"]
    assert section["flavor_profiles"][0]["flavor_data"] == {"loadbalancer_topology": "ACTIVE_STANDBY"}
    assert section["availability_zones"][0]["availability_zone_profile"] == "nova"
    assert section["quotas"]["listener"] == 5
