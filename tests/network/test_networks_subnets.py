"""Networks and subnets through openstacksdk and raw HTTP: the default model, CRUD, validation,
visibility, filters, sorting, pagination, fields=, revisions and If-Match."""

from __future__ import annotations

import pytest
from openstack import exceptions as sdk_exc


def test_version_documents(http) -> None:
    response = http.get("/network/")
    assert response.status_code == 200
    (version,) = response.json()["versions"]
    assert version["id"] == "v2.0" and version["status"] == "CURRENT"
    assert version["links"][0]["href"].endswith("/network/v2.0/")


def test_default_model_has_devstack_shape(demo, admin) -> None:
    nets = {n.name: n for n in demo.network.networks()}
    assert set(nets) == {"public", "private"}  # lib/tempest's `shared` comes with the tempest profile
    public = nets["public"]
    assert public.is_router_external and public.status == "ACTIVE"
    assert public.provider_network_type is None  # provider attributes are admin-only
    admin_public = admin.network.find_network("public")
    assert admin_public.provider_network_type == "flat" and admin_public.provider_physical_network == "public"
    private = nets["private"]
    subnets = {s.name: s for s in demo.network.subnets(network_id=private.id)}
    v4 = subnets["private-subnet"]
    assert v4.cidr == "10.0.0.0/26" and v4.gateway_ip == "10.0.0.1" and v4.ip_version == 4
    assert v4.allocation_pools == [{"start": "10.0.0.2", "end": "10.0.0.62"}]
    public_subnet = admin.network.find_subnet("public-subnet")
    assert public_subnet.cidr == "172.24.4.0/24" and public_subnet.gateway_ip == "172.24.4.1"
    assert public_subnet.allocation_pools == [{"start": "172.24.4.2", "end": "172.24.4.254"}]
    router = demo.network.find_router("router1")
    assert router.external_gateway_info["network_id"] == public.id
    assert router.external_gateway_info["external_fixed_ips"][0]["ip_address"] == "172.24.4.2"
    interfaces = list(demo.network.ports(device_id=router.id, device_owner="network:router_interface"))
    assert {ip["ip_address"] for p in interfaces for ip in p.fixed_ips} == {"10.0.0.1", "2001:db8:8000::1"}


def test_network_crud_with_standard_attributes(demo) -> None:
    net = demo.network.create_network(name="n1", description="first", mtu=1400)
    assert net.status == "ACTIVE" and net.is_admin_state_up and not net.is_shared
    assert net.mtu == 1400 and net.is_port_security_enabled and net.revision_number == 0
    assert net.project_id == demo.current_project_id and net.availability_zones == ["nova"]
    assert net.created_at.endswith("Z") and net.subnet_ids == []
    updated = demo.network.update_network(net, name="n1b", description="renamed")
    assert updated.name == "n1b" and updated.description == "renamed" and updated.revision_number == 1
    assert demo.network.get_network(net.id).name == "n1b"
    demo.network.delete_network(net)
    with pytest.raises(sdk_exc.NotFoundException):
        demo.network.get_network(net.id)


def test_non_admin_cannot_set_admin_only_attributes(demo_api) -> None:
    response = demo_api("POST", "/networks", {"network": {"name": "x", "shared": True}})
    assert response.status_code == 403
    assert demo_api.error(response)["type"] == "PolicyNotAuthorized"
    response = demo_api("POST", "/networks", {"network": {"name": "x", "provider:network_type": "vlan"}})
    assert response.status_code == 403


def test_unknown_attribute_and_bad_values_are_400(demo_api) -> None:
    response = demo_api("POST", "/networks", {"network": {"name": "x", "colour": "red"}})
    assert response.status_code == 400 and "colour" in demo_api.error(response)["message"]
    response = demo_api("POST", "/networks", {"network": {"admin_state_up": "maybe"}})
    assert response.status_code == 400
    response = demo_api("PUT", "/networks/nope", {"network": {"status": "DOWN"}})
    assert response.status_code == 400
    response = demo_api("POST", "/networks", {"nothing": {}})
    assert response.status_code == 400


def test_another_projects_network_is_404(demo, alt, demo_api) -> None:
    net = demo.network.create_network(name="mine")
    with pytest.raises(sdk_exc.NotFoundException):
        alt.network.get_network(net.id)
    assert net.id not in {n.id for n in alt.network.networks()}
    response = demo_api("GET", "/networks/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    error = demo_api.error(response)
    assert error == {"type": "NetworkNotFound", "detail": "",
                     "message": "Network 00000000-0000-0000-0000-000000000000 could not be found."}


def test_subnet_cidr_validation_and_defaults(demo, demo_api) -> None:
    net = demo.network.create_network(name="s")
    for bad in ("10.0.0.0/33", "banana", "10.0.0.0"):
        response = demo_api("POST", "/subnets", {"subnet": {"network_id": net.id, "ip_version": 4, "cidr": bad}})
        assert response.status_code == 400, bad
        assert demo_api.error(response)["message"]
    response = demo_api("POST", "/subnets", {"subnet": {"network_id": net.id, "ip_version": 6, "cidr": "10.1.0.0/24"}})
    assert response.status_code == 400
    sub = demo.network.create_subnet(network_id=net.id, ip_version=4, cidr="192.168.7.0/24", name="s1")
    assert sub.gateway_ip == "192.168.7.1"
    assert sub.allocation_pools == [{"start": "192.168.7.2", "end": "192.168.7.254"}]
    assert sub.is_dhcp_enabled and sub.dns_nameservers == [] and sub.host_routes == []
    response = demo_api("POST", "/subnets", {"subnet": {"network_id": net.id, "ip_version": 4,
                                                        "cidr": "192.168.7.128/25"}})
    assert response.status_code == 400 and "overlaps" in demo_api.error(response)["message"]
    v6 = demo.network.create_subnet(network_id=net.id, ip_version=6, cidr="fd00:0:0:0::/64",
                                    ipv6_ra_mode="slaac", ipv6_address_mode="slaac")
    assert v6.cidr == "fd00::/64" and v6.gateway_ip == "fd00::1"
    nogw = demo.network.create_subnet(network_id=demo.network.create_network(name="t").id, ip_version=4,
                                      cidr="10.9.0.0/29", gateway_ip=None,
                                      dns_nameservers=["8.8.8.8"], host_routes=[{"destination": "10.10.0.0/16",
                                                                                  "nexthop": "10.9.0.3"}])
    assert nogw.gateway_ip is None
    assert nogw.allocation_pools == [{"start": "10.9.0.1", "end": "10.9.0.6"}]
    assert nogw.dns_nameservers == ["8.8.8.8"]


def test_subnet_pool_and_gateway_conflicts(demo_api, demo) -> None:
    net = demo.network.create_network(name="p")
    body = {"network_id": net.id, "ip_version": 4, "cidr": "10.3.0.0/24"}
    response = demo_api("POST", "/subnets", {"subnet": {**body, "allocation_pools": [{"start": "10.3.0.1",
                                                                                       "end": "10.3.0.9"}]}})
    assert response.status_code == 409 and demo_api.error(response)["type"] == "GatewayConflictWithAllocationPools"
    response = demo_api("POST", "/subnets", {"subnet": {**body, "allocation_pools": [{"start": "10.3.0.10",
                                                                                       "end": "10.3.1.9"}]}})
    assert response.status_code == 400 and demo_api.error(response)["type"] == "OutOfBoundsAllocationPool"
    response = demo_api("POST", "/subnets", {"subnet": {**body, "dns_nameservers": ["1.1.1.1", "1.1.1.1"]}})
    assert response.status_code == 400
    response = demo_api("POST", "/subnets", {"subnet": {"network_id": net.id, "cidr": "10.3.0.0/24"}})
    assert response.status_code == 400 and "ip_version" in demo_api.error(response)["message"]
    response = demo_api("POST", "/subnets", {"subnet": {**body, "network_id": "6b2fbd3f-7b0b-4c50-9b63-2f7b1d1f1f1f"}})
    assert response.status_code == 404 and demo_api.error(response)["type"] == "NetworkNotFound"


def test_filters_sorting_fields_and_unknown_filter(demo_api, demo) -> None:
    for name in ("b-net", "a-net", "c-net"):
        demo.network.create_network(name=name)
    names = [n.name for n in demo.network.networks(sort_key="name", sort_dir="asc") if n.name.endswith("-net")]
    assert names == ["a-net", "b-net", "c-net"]
    response = demo_api("GET", "/networks", name="b-net")
    assert [n["name"] for n in response.json()["networks"]] == ["b-net"]
    response = demo_api("GET", "/networks", **{"router:external": "true"})
    assert [n["name"] for n in response.json()["networks"]] == ["public"]
    response = demo_api("GET", "/networks", fields=["id", "name"], name="a-net")
    assert set(response.json()["networks"][0]) == {"id", "name"}
    response = demo_api("GET", "/networks", colour="red")
    assert response.status_code == 400 and "colour" in demo_api.error(response)["message"]
    response = demo_api("GET", "/networks", sort_key="colour")
    assert response.status_code == 400
    response = demo_api("GET", "/networks/" + demo.network.find_network("a-net").id, fields="name")
    assert response.json() == {"network": {"name": "a-net"}}


def test_pagination_links_walk_every_network_once(demo_api, demo) -> None:
    for i in range(7):
        demo.network.create_network(name=f"page-{i}")
    seen: list[str] = []
    response = demo_api("GET", "/networks", limit=3)
    while True:
        body = response.json()
        seen += [n["id"] for n in body["networks"]]
        nxt = [link["href"] for link in body.get("networks_links", []) if link["rel"] == "next"]
        if not nxt:
            break
        response = demo_api.http.get(nxt[0], headers={"X-Auth-Token": demo_api.token})
    total = [n["id"] for n in demo_api("GET", "/networks").json()["networks"]]
    assert sorted(seen) == sorted(total) and len(seen) == len(set(seen))
    # and the sdk pages through the same way
    assert len(list(demo.network.networks(limit=2))) == len(total)
    first = demo_api("GET", "/networks", limit=2).json()
    second = demo_api.http.get([x["href"] for x in first["networks_links"] if x["rel"] == "next"][0],
                               headers={"X-Auth-Token": demo_api.token}).json()
    assert any(link["rel"] == "previous" for link in second["networks_links"])


def test_revision_number_and_if_match(demo_api, demo) -> None:
    net = demo.network.create_network(name="rev")
    response = demo_api("PUT", f"/networks/{net.id}", {"network": {"name": "rev2"}},
                        headers={"If-Match": "revision_number=0"})
    assert response.status_code == 200 and response.json()["network"]["revision_number"] == 1
    response = demo_api("PUT", f"/networks/{net.id}", {"network": {"name": "rev3"}},
                        headers={"If-Match": "revision_number=0"})
    assert response.status_code == 412
    assert demo_api.error(response)["type"] == "RevisionNumberConstraintFailed"
    response = demo_api("DELETE", f"/networks/{net.id}", headers={"If-Match": "revision_number=7"})
    assert response.status_code == 412
    assert demo_api("DELETE", f"/networks/{net.id}", headers={"If-Match": "revision_number=1"}).status_code == 204


def test_tags_and_tag_filters(demo) -> None:
    a = demo.network.create_network(name="ta")
    b = demo.network.create_network(name="tb")
    demo.network.set_tags(a, ["red", "blue"])
    demo.network.set_tags(b, ["red"])
    assert sorted(demo.network.get_network(a.id).tags) == ["blue", "red"]
    assert {n.name for n in demo.network.networks(tags="red,blue")} == {"ta"}
    assert {n.name for n in demo.network.networks(any_tags="blue,red")} == {"ta", "tb"}
    assert "ta" not in {n.name for n in demo.network.networks(not_tags="blue")}
    demo.network.add_tag(b, "green")
    assert demo.network.get_network(b.id).tags == ["green", "red"]
    demo.network.remove_tag(b, "red")
    assert demo.network.get_network(b.id).tags == ["green"]
    demo.network.remove_all_tags(b)
    assert demo.network.get_network(b.id).tags == []


def test_delete_network_with_ports_in_use_is_409(demo_api, demo) -> None:
    net = demo.network.create_network(name="busy")
    demo.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.4.0.0/24")
    port = demo.network.create_port(network_id=net.id)
    response = demo_api("DELETE", f"/networks/{net.id}")
    assert response.status_code == 409 and demo_api.error(response)["type"] == "NetworkInUse"
    subnet_id = port.fixed_ips[0]["subnet_id"]
    response = demo_api("DELETE", f"/subnets/{subnet_id}")
    assert response.status_code == 409 and demo_api.error(response)["type"] == "SubnetInUse"
    demo.network.delete_port(port)
    demo.network.delete_network(net)
    assert demo_api("GET", f"/subnets/{subnet_id}").status_code == 404


def test_over_quota(admin, demo, demo_api) -> None:
    project = demo.current_project_id
    admin.network.update_quota(project, networks=2)
    assert admin.network.get_quota(project).networks == 2
    demo.network.create_network(name="q1")  # private already counts as one
    response = demo_api("POST", "/networks", {"network": {"name": "q2"}})
    assert response.status_code == 409 and demo_api.error(response)["type"] == "OverQuota"
    details = admin.network.get_quota(project, details=True)
    assert details.networks == {"limit": 2, "used": 2, "reserved": 0}
    admin.network.delete_quota(project)
    assert admin.network.get_quota(project).networks == 100


def test_changed_since(demo_api, demo) -> None:
    net = demo.network.create_network(name="recent")
    stamp = net.updated_at
    listed = demo_api("GET", "/networks", changed_since=stamp).json()["networks"]
    assert net.id in {n["id"] for n in listed}
    assert demo_api("GET", "/networks", changed_since="2999-01-01T00:00:00Z").json()["networks"] == []
    assert demo_api("GET", "/networks", changed_since="yesterday").status_code == 400
    assert demo_api("GET", "/networks", created_at=stamp).status_code == 400


def test_subnet_pool_prefix_operations(demo_api, demo) -> None:
    """subnetpool-prefix-ops: add_prefixes merges (checked as a prefixes update), remove_prefixes refuses a
    prefix a subnet was carved from and ignores what the pool does not hold."""
    assert demo.network.find_extension("subnetpool-prefix-ops") is not None
    pool = demo.network.create_subnet_pool(name="ops", prefixes=["10.40.0.0/24"], default_prefixlen=26)
    url = f"/subnetpools/{pool.id}"
    added = demo_api("PUT", f"{url}/add_prefixes", {"prefixes": ["10.40.1.0/24", "10.41.0.0/24"]})
    assert added.status_code == 200 and added.json() == {"prefixes": ["10.40.0.0/23", "10.41.0.0/24"]}
    assert demo.network.get_subnet_pool(pool.id).prefixes == ["10.40.0.0/23", "10.41.0.0/24"]
    mixed = demo_api("PUT", f"{url}/add_prefixes", {"prefixes": ["2001:db8::/64"]})
    assert mixed.status_code == 400 and demo_api.error(mixed)["type"] == "PrefixVersionMismatch"
    for bad in ({"prefixes": []}, {"prefixes": "10.0.0.0/8"}, ["10.0.0.0/8"]):
        assert demo_api("PUT", f"{url}/add_prefixes", bad).status_code == 400
    assert demo_api("PUT", f"{url}/add_prefixes", {"prefixes": ["nonsense"]}).status_code == 400
    net = demo.network.create_network(name="ops-net")
    demo.network.create_subnet(network_id=net.id, ip_version=4, subnetpool_id=pool.id, cidr="10.41.0.0/26")
    used = demo_api("PUT", f"{url}/remove_prefixes", {"prefixes": ["10.41.0.0/24"]})
    assert used.status_code == 400 and demo_api.error(used)["type"] == "IllegalSubnetPoolPrefixUpdate"
    kept = demo_api("PUT", f"{url}/remove_prefixes", {"prefixes": ["192.0.2.0/24"]})
    assert kept.json() == {"prefixes": ["10.40.0.0/23", "10.41.0.0/24"]}
    removed = demo_api("PUT", f"{url}/remove_prefixes", {"prefixes": ["10.40.1.0/24"]})
    assert removed.json() == {"prefixes": ["10.40.0.0/24", "10.41.0.0/24"]}
