"""Address groups (address-group) and security group rules naming one (security-groups-remote-address-group),
through openstacksdk, the ``openstack address group`` CLI, and raw HTTP where the NeutronError is the point."""

from __future__ import annotations

from typing import Any

import pytest
from openstack import exceptions as sdk_exc

from tests.conftest import openstack_cli
from twinstack.testing import Cloud


def test_address_group_through_the_sdk(demo: Any) -> None:
    assert demo.network.find_extension("address-group") is not None
    assert demo.network.find_extension("security-groups-remote-address-group") is not None
    group = demo.network.create_address_group(name="office", description="d",
                                              addresses=["10.0.0.5/24", "192.0.2.1/32", "2001:db8::1/64"])
    assert sorted(group.addresses) == ["10.0.0.0/24", "192.0.2.1/32", "2001:db8::/64"]  # the networks, as Neutron
    assert group.project_id == demo.current_project_id and group.description == "d"
    group = demo.network.add_addresses_to_address_group(group, ["198.51.100.0/25"])
    assert "198.51.100.0/25" in group.addresses
    group = demo.network.remove_addresses_from_address_group(group, ["192.0.2.1/32"])
    assert "192.0.2.1/32" not in demo.network.get_address_group(group.id).addresses
    demo.network.update_address_group(group, name="hq")
    assert [g.name for g in demo.network.address_groups(name="hq")] == ["hq"]
    sg = demo.network.create_security_group(name="web")
    rule = demo.network.create_security_group_rule(security_group_id=sg.id, direction="ingress", ethertype="IPv4",
                                                   protocol="tcp", port_range_min=443, port_range_max=443,
                                                   remote_address_group_id=group.id)
    assert rule.remote_address_group_id == group.id and rule.remote_ip_prefix is None
    with pytest.raises(sdk_exc.ConflictException, match="in use on one or more security group rules"):
        demo.network.delete_address_group(group)
    demo.network.delete_security_group_rule(rule)
    demo.network.delete_address_group(group)
    assert demo.network.find_address_group("hq") is None


def test_address_group_errors(demo_api: Any, alt_api: Any) -> None:
    made = demo_api("POST", "/address-groups", {"address_group": {"name": "g", "addresses": ["10.0.0.0/24"]}})
    assert made.status_code == 201, made.text
    group = made.json()["address_group"]
    assert "tags" not in group and group["revision_number"] == 0
    refusals = [
        ({"addresses": ["10.0.0.1"]}, "isn't a recognized IP subnet cidr, '10.0.0.1/32' is recommended"),
        ({"addresses": ["nonsense/8"]}, "is not a valid IP subnet"),
        ({"addresses": ["10.0.0.0/24", "10.0.0.0/24"]}, "Duplicate items in the list"),
        ({"addresses": "10.0.0.0/24"}, "is not a list"),
    ]
    for body, words in refusals:
        answer = demo_api("POST", "/address-groups", {"address_group": body})
        assert answer.status_code == 400 and words in demo_api.error(answer)["message"], (body, answer.text)
    url = f"/address-groups/{group['id']}"
    again = demo_api("PUT", f"{url}/add_addresses", {"addresses": ["10.0.0.7/24"]})  # the same network
    assert again.status_code == 400 and demo_api.error(again)["type"] == "AddressesAlreadyExist"
    missing = demo_api("PUT", f"{url}/remove_addresses", {"addresses": ["172.16.0.0/12"]})
    assert missing.status_code == 404 and demo_api.error(missing)["type"] == "AddressesNotFound"
    assert demo_api("PUT", f"{url}/add_addresses", {"addresses": ["bogus"]}).status_code == 400
    assert demo_api("PUT", f"{url}/add_addresses", {"nothing": []}).status_code == 400
    assert demo_api("PUT", url, {"address_group": {"addresses": []}}).status_code == 400  # not allowed in PUT
    shown = demo_api("GET", url).json()["address_group"]
    assert shown["addresses"] == ["10.0.0.0/24"] and shown["revision_number"] == 0  # nothing half written
    assert alt_api("GET", url).status_code == 404  # another project's
    sg = demo_api("POST", "/security-groups", {"security_group": {"name": "s"}}).json()["security_group"]
    both = demo_api("POST", "/security-group-rules", {"security_group_rule": {
        "security_group_id": sg["id"], "direction": "ingress", "remote_address_group_id": group["id"],
        "remote_ip_prefix": "10.0.0.0/8"}})
    assert both.status_code == 400 and demo_api.error(both)["type"] == "SecurityGroupMultipleRemoteEntites"
    alien = alt_api("POST", "/address-groups", {"address_group": {"name": "theirs"}}).json()["address_group"]
    foreign = demo_api("POST", "/security-group-rules", {"security_group_rule": {
        "security_group_id": sg["id"], "direction": "ingress", "remote_address_group_id": alien["id"]}})
    assert foreign.status_code == 404 and demo_api.error(foreign)["type"] == "AddressGroupNotFound"


def test_address_group_cli(cloud: Cloud) -> None:
    made = openstack_cli(cloud, "address", "group", "create", "--address", "10.1.0.0/16", "--address", "10.2.0.0/16",
                         "cli-group", "-f", "json", user="twinstack")
    assert sorted(made["addresses"]) == ["10.1.0.0/16", "10.2.0.0/16"]
    openstack_cli(cloud, "address", "group", "set", "--address", "10.3.0.0/16", "cli-group", user="twinstack")
    openstack_cli(cloud, "address", "group", "unset", "--address", "10.1.0.0/16", "cli-group", user="twinstack")
    shown = openstack_cli(cloud, "address", "group", "show", "cli-group", "-f", "json", user="twinstack")
    assert sorted(shown["addresses"]) == ["10.2.0.0/16", "10.3.0.0/16"]
    openstack_cli(cloud, "security", "group", "create", "cli-sg", user="twinstack")
    rule = openstack_cli(cloud, "security", "group", "rule", "create", "--remote-address-group", "cli-group",
                         "--protocol", "tcp", "--dst-port", "22", "cli-sg", "-f", "json", user="twinstack")
    assert rule["remote_address_group_id"] == shown["id"]
    listed = openstack_cli(cloud, "address", "group", "list", "-f", "json", user="twinstack")
    assert [g["Name"] for g in listed] == ["cli-group"]
