"""Subnet pools: DevStack's shared defaults, carving CIDRs by prefix length, explicit CIDRs inside a
pool, exhaustion, in-use protection; plus the substring and empty-string filters."""

from __future__ import annotations

import pytest
from openstack import exceptions as sdk_exc


def test_devstack_default_pools_feed_the_private_subnets(demo) -> None:
    pools = {p.name: p for p in demo.network.subnet_pools()}
    v4 = pools["shared-default-subnetpool-v4"]
    assert v4.prefixes == ["10.0.0.0/22"] and v4.default_prefix_length == 26 and v4.is_shared and v4.is_default
    private = demo.network.find_subnet("private-subnet")
    assert private.subnet_pool_id == v4.id and private.cidr == "10.0.0.0/26"
    v6 = demo.network.find_subnet("ipv6-private-subnet")
    assert v6.cidr == "2001:db8:8000::/64"


def test_carving_from_a_pool(demo_api, demo) -> None:
    net = demo.network.create_network(name="carved")
    pool = demo.network.find_subnet_pool("shared-default-subnetpool-v4")
    first = demo.network.create_subnet(network_id=net.id, ip_version=4, subnet_pool_id=pool.id)
    assert first.cidr == "10.0.0.64/26" and first.gateway_ip == "10.0.0.65"
    other = demo.network.create_network(name="carved2")
    second = demo.network.create_subnet(network_id=other.id, ip_version=4, use_default_subnet_pool=True,
                                        prefixlen=24)
    assert second.cidr == "10.0.1.0/24"
    response = demo_api("POST", "/subnets", {"subnet": {"network_id": other.id, "ip_version": 4,
                                                        "subnetpool_id": pool.id, "cidr": "10.0.0.0/26"}})
    assert response.status_code == 409  # taken by private-subnet
    response = demo_api("POST", "/subnets", {"subnet": {"network_id": other.id, "ip_version": 4,
                                                        "subnetpool_id": pool.id, "cidr": "10.9.0.0/26"}})
    assert response.status_code == 400
    response = demo_api("POST", "/subnets", {"subnet": {"network_id": other.id, "ip_version": 4,
                                                        "subnetpool_id": pool.id, "prefixlen": 4}})
    assert response.status_code == 400
    response = demo_api("POST", "/subnets", {"subnet": {"network_id": other.id, "ip_version": 4}})
    assert response.status_code == 400  # no cidr, no pool
    response = demo_api("DELETE", f"/subnetpools/{pool.id}")
    assert response.status_code in (403, 409)  # not the demo project's, and in use anyway


def test_own_pool_lifecycle_and_exhaustion(demo_api, demo) -> None:
    pool = demo.network.create_subnet_pool(name="mine", prefixes=["192.168.64.0/25"], default_prefixlen=26)
    assert pool.ip_version == 4 and pool.minimum_prefix_length == 25 and pool.maximum_prefix_length == 32
    net = demo.network.create_network(name="pooled")
    a = demo.network.create_subnet(network_id=net.id, ip_version=4, subnet_pool_id=pool.id)
    net2 = demo.network.create_network(name="pooled2")
    b = demo.network.create_subnet(network_id=net2.id, ip_version=4, subnet_pool_id=pool.id)
    assert [a.cidr, b.cidr] == ["192.168.64.0/26", "192.168.64.64/26"]
    net3 = demo.network.create_network(name="pooled3")
    response = demo_api("POST", "/subnets", {"subnet": {"network_id": net3.id, "ip_version": 4,
                                                        "subnetpool_id": pool.id}})
    assert response.status_code == 409 and demo_api.error(response)["type"] == "SubnetAllocationError"
    grown = demo.network.update_subnet_pool(pool, prefixes=["192.168.64.0/24"])
    assert grown.prefixes == ["192.168.64.0/24"]
    assert demo.network.create_subnet(network_id=net3.id, ip_version=4, subnet_pool_id=pool.id).cidr == \
        "192.168.64.128/26"
    response = demo_api("DELETE", f"/subnetpools/{pool.id}")
    assert response.status_code == 409 and demo_api.error(response)["type"] == "SubnetPoolInUse"
    for n in (net, net2, net3):
        demo.network.delete_network(n)
    demo.network.delete_subnet_pool(pool)
    with pytest.raises(sdk_exc.NotFoundException):
        demo.network.get_subnet_pool(pool.id)


def test_substring_and_empty_string_filters(demo_api, demo) -> None:
    net = demo.network.find_network("private")
    named = demo.network.create_port(network_id=net.id, name="named")
    blank = demo.network.create_port(network_id=net.id)
    ip = next(i["ip_address"] for i in named.fixed_ips if "." in i["ip_address"])
    found = demo_api("GET", "/ports", fixed_ips=f"ip_address_substr={ip.rsplit('.', 1)[1]}").json()["ports"]
    assert named.id in {p["id"] for p in found}
    unnamed = {p["id"] for p in demo_api("GET", "/ports", name="").json()["ports"]}
    assert blank.id in unnamed and named.id not in unnamed


def test_address_scopes(demo_api, demo) -> None:
    scope = demo.network.create_address_scope(name="corp", ip_version=4)
    assert scope.ip_version == 4 and not scope.is_shared
    pool = demo.network.create_subnet_pool(name="scoped", prefixes=["172.30.0.0/16"], default_prefixlen=24,
                                           address_scope_id=scope.id)
    assert pool.address_scope_id == scope.id
    net = demo.network.create_network(name="scoped-net")
    demo.network.create_subnet(network_id=net.id, ip_version=4, subnet_pool_id=pool.id)
    assert demo.network.get_network(net.id).ipv4_address_scope_id == scope.id
    response = demo_api("POST", "/subnetpools", {"subnetpool": {"name": "v6", "prefixes": ["fd99::/48"],
                                                                "address_scope_id": scope.id}})
    assert response.status_code == 400
    response = demo_api("DELETE", f"/address-scopes/{scope.id}")
    assert response.status_code == 409 and demo_api.error(response)["type"] == "AddressScopeInUse"
    response = demo_api(
        "POST",
        "/subnetpools",
        {
            "subnetpool": {
                "name": "x",
                "prefixes": ["10.250.0.0/16"],
                "address_scope_id": "6b2fbd3f-7b0b-4c50-9b63-2f7b1d1f1f1f",
            }
        },
    )
    assert response.status_code == 404
