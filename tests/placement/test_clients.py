"""The real clients: openstacksdk's placement proxy and the openstack CLI with osc-placement."""

from __future__ import annotations

import shutil
import uuid

import pytest

from tests.conftest import OPENSTACK, openstack_cli


def test_sdk_provider_inventory_traits_aggregates(cloud, openstack_connection) -> None:
    placement = openstack_connection.placement
    rp = placement.create_resource_provider(name="sdk-host")
    assert rp.generation == 0 and rp.root_provider_id == rp.id
    assert [p.name for p in placement.resource_providers()] == ["sdk-host"]
    assert placement.find_resource_provider("sdk-host").id == rp.id
    placement.create_resource_provider_inventory(rp, resource_class="VCPU", total=8, allocation_ratio=4.0)
    placement.create_resource_provider_inventory(rp, resource_class="MEMORY_MB", total=4096, reserved=512)
    inventories = {i.resource_class: i for i in placement.resource_provider_inventories(rp)}
    assert inventories["VCPU"].total == 8 and inventories["VCPU"].allocation_ratio == 4.0
    assert inventories["MEMORY_MB"].reserved == 512
    inv = placement.get_resource_provider_inventory("VCPU", resource_provider=rp)
    # the proxy sends a null generation unless given one, which Placement refuses (400) as well
    placement.update_resource_provider_inventory(inv, resource_provider=rp, total=16,
                                                 resource_provider_generation=inv.resource_provider_generation)
    assert placement.get_resource_provider_inventory("VCPU", resource_provider=rp).total == 16
    usages = placement.fetch_resource_provider_usages(rp)
    assert usages.usages == {"VCPU": 0, "MEMORY_MB": 0}
    agg = str(uuid.uuid4())
    placement.set_resource_provider_aggregates(placement.get_resource_provider(rp.id), agg)
    assert placement.get_resource_provider_aggregates(rp.id).aggregates == [agg]
    hexes = [uuid.uuid4().hex, uuid.uuid4().hex]  # as the SDK's functional test sends them: kept as spelled
    placement.set_resource_provider_aggregates(placement.get_resource_provider(rp.id), *hexes)
    assert sorted(placement.fetch_resource_provider_aggregates(rp.id).aggregates) == sorted(hexes)
    placement.create_trait("CUSTOM_SDK")
    assert "CUSTOM_SDK" in [t.name for t in placement.traits()]
    placement.update_resource_provider(rp, name="sdk-renamed")
    assert placement.get_resource_provider(rp.id).name == "sdk-renamed"
    placement.delete_resource_provider_inventory("MEMORY_MB", resource_provider=rp)
    placement.delete_resource_provider(rp)
    assert list(placement.resource_providers()) == []


def test_sdk_resource_classes(cloud, openstack_connection) -> None:
    placement = openstack_connection.placement
    placement.create_resource_class(name="CUSTOM_SDK_RC")
    names = [rc.name for rc in placement.resource_classes()]
    assert "CUSTOM_SDK_RC" in names and "VCPU" in names
    placement.delete_resource_class("CUSTOM_SDK_RC")
    assert "CUSTOM_SDK_RC" not in [rc.name for rc in placement.resource_classes()]


@pytest.mark.skipif(shutil.which(OPENSTACK) is None, reason="openstack CLI not installed")
def test_cli_resource_provider_flow(cloud) -> None:
    created = openstack_cli(cloud, "resource", "provider", "create", "cli-host", "-f", "json")
    rp = created["uuid"]
    openstack_cli(cloud, "resource", "provider", "inventory", "set", rp, "--resource", "VCPU=4",
                  "--resource", "MEMORY_MB=2048", "-f", "json")
    listed = openstack_cli(cloud, "resource", "provider", "list", "-f", "json")
    assert [p["name"] for p in listed] == ["cli-host"]
    cands = openstack_cli(cloud, "--os-placement-api-version", "1.29", "allocation", "candidate", "list",
                          "--resource", "VCPU=2", "-f", "json")
    assert cands and cands[0]["resource provider"] == rp
    usage = openstack_cli(cloud, "resource", "provider", "usage", "show", rp, "-f", "json")
    assert {u["resource_class"]: u["usage"] for u in usage} == {"VCPU": 0, "MEMORY_MB": 0}
