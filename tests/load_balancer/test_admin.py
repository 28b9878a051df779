"""The operator's side through openstacksdk: flavor profiles and flavors (an ACTIVE_STANDBY flavor boots
two amphorae), availability zones, providers and their capabilities."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openstack import exceptions

from tests.load_balancer.conftest import wait_active


def test_flavor_with_active_standby_topology(admin: Any, conn: Any, subnet: Any) -> None:
    profile = admin.load_balancer.create_flavor_profile(
        name="ha", provider_name="amphora", flavor_data=json.dumps({"loadbalancer_topology": "ACTIVE_STANDBY"}))
    flavor = admin.load_balancer.create_flavor(name="ha", flavor_profile_id=profile.id, description="two")
    assert conn.load_balancer.get_flavor(flavor.id).name == "ha"  # any reader sees flavors
    with pytest.raises(exceptions.ForbiddenException):
        conn.load_balancer.get_flavor_profile(profile.id)  # profiles are the admin's
    with pytest.raises(exceptions.ConflictException):
        admin.load_balancer.create_flavor(name="ha", flavor_profile_id=profile.id)
    lb = conn.load_balancer.create_load_balancer(vip_subnet_id=subnet.id, flavor_id=flavor.id)
    wait_active(conn, lb.id)
    roles = sorted(a.role for a in admin.load_balancer.amphorae(loadbalancer_id=lb.id))
    assert roles == ["BACKUP", "MASTER"]
    with pytest.raises(exceptions.ConflictException):
        admin.load_balancer.delete_flavor(flavor.id)  # in use
    admin.load_balancer.update_flavor(flavor.id, enabled=False)
    with pytest.raises(exceptions.BadRequestException):
        conn.load_balancer.create_load_balancer(vip_subnet_id=subnet.id, flavor_id=flavor.id)


def test_availability_zones_and_providers(admin: Any, conn: Any) -> None:
    profile = admin.load_balancer.create_availability_zone_profile(
        name="az1p", provider_name="amphora", availability_zone_data=json.dumps({"compute_zone": "nova"}))
    zone = admin.load_balancer.create_availability_zone(name="az1", availability_zone_profile_id=profile.id)
    assert [z.name for z in conn.load_balancer.availability_zones()] == [zone.name]
    with pytest.raises(exceptions.ConflictException):
        admin.load_balancer.delete_availability_zone_profile(profile.id)
    admin.load_balancer.delete_availability_zone(zone.name)
    admin.load_balancer.delete_availability_zone_profile(profile.id)
    assert {p.name for p in conn.load_balancer.providers()} == {"amphora", "octavia"}
    caps = admin.load_balancer.provider_flavor_capabilities("amphora")
    assert "loadbalancer_topology" in {c.name for c in caps}
    with pytest.raises(exceptions.BadRequestException):
        admin.load_balancer.create_flavor_profile(name="x", provider_name="ovn", flavor_data="{}")
