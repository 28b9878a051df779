"""Service flavors and profiles (flavors, a default service plugin of Neutron): admins write them,
everyone lists flavors, only admins see profiles; a flavor lists the profiles bound to it."""

from __future__ import annotations

import pytest
from openstack import exceptions as sdk_exc

from tests.conftest import openstack_cli


def test_flavors_and_profiles_through_the_sdk(admin, demo, demo_api) -> None:
    profile = admin.network.create_service_profile(description="p", driver="neutron.ovn", metainfo="{}")
    flavor = admin.network.create_flavor(name="gold", service_type="L3_ROUTER_NAT")
    assert flavor.is_enabled and flavor.service_profile_ids == []
    admin.network.associate_flavor_with_service_profile(flavor, profile)
    assert admin.network.get_flavor(flavor.id).service_profile_ids == [profile.id]
    assert [f.name for f in demo.network.flavors()] == ["gold"]  # any user lists flavors
    assert list(demo.network.service_profiles()) == []  # profiles are the admin's
    assert demo_api("POST", "/flavors", {"flavor": {"service_type": "L3_ROUTER_NAT"}}).status_code == 403
    with pytest.raises(sdk_exc.ConflictException):
        admin.network.delete_service_profile(profile)  # bound to a flavor
    admin.network.disassociate_flavor_from_service_profile(flavor, profile)
    admin.network.delete_service_profile(profile)
    bad = demo_api("GET", "/flavors/nope")
    assert bad.status_code == 404 and demo_api.error(bad)["type"] == "FlavorNotFound"
    refused = admin.network.post("/flavors", json={"flavor": {"name": "x", "service_type": "NOPE"}})
    assert refused.status_code == 400
    assert admin.network.create_flavor(name="meta", service_type="FLAVORS").service_type == "FLAVORS"
    admin.network.update_flavor(flavor, name="silver", is_enabled=False)
    assert admin.network.get_flavor(flavor.id).name == "silver"
    admin.network.delete_flavor(flavor)


@pytest.mark.cli
def test_flavors_through_the_cli(cloud) -> None:
    created = openstack_cli(cloud, "network", "flavor", "create", "--service-type", "L3_ROUTER_NAT", "-f", "json",
                            "f1")
    assert created["service_type"] == "L3_ROUTER_NAT"
    profile = openstack_cli(cloud, "network", "flavor", "profile", "create", "--driver", "d", "-f", "json")
    openstack_cli(cloud, "network", "flavor", "add", "profile", "f1", profile["id"])
    shown = openstack_cli(cloud, "network", "flavor", "show", "f1", "-f", "json")
    assert profile["id"] in str(shown["service_profile_ids"])
