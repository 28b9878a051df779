"""Extensions, availability zones, agents, quotas API, auto-allocated topology, tags on other resources."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from openstack import exceptions as sdk_exc

from tests.conftest import openstack_cli
from twinstack.cloud import Cloud as InProcess
from twinstack.config import Settings
from twinstack.core.errors import ApiError
from twinstack.network import local
from twinstack.network import tables as t
from twinstack.network.versions import HISTORY as EXTENSIONS


def test_extensions_list_exactly_what_is_implemented(demo, demo_api) -> None:
    aliases = {e.alias for e in demo.network.extensions()}
    assert aliases == set(EXTENSIONS) - {"segment"}  # DevStack's Neutron loads no segments plugin
    assert demo_api("GET", "/segments").status_code == 404 and demo_api("GET", "/extensions/segment").status_code == 404
    assert {"router", "external-net", "security-group", "binding", "quotas", "standard-attr-tag",
            "revision-if-match", "auto-allocated-topology"} <= aliases
    response = demo_api("GET", "/extensions/router")
    assert response.json()["extension"]["name"] == "Neutron L3 Router"
    response = demo_api("GET", "/extensions/dvr")
    assert response.status_code == 404
    assert demo.network.find_extension("router") is not None


def test_v2_root_lists_resources(demo_api) -> None:
    body = demo_api("GET", "/").json()
    collections = {r["collection"] for r in body["resources"]}
    assert {"networks", "subnets", "ports", "routers", "floatingips", "security_groups"} <= collections


def test_v2_root_needs_a_token(twinstack_active_cloud) -> None:
    """Only the version list at / is unauthenticated in Neutron; /v2.0 sits behind keystonemiddleware."""
    import httpx

    assert httpx.get(f"{twinstack_active_cloud.url}/network/v2.0/").status_code == 401
    assert httpx.get(f"{twinstack_active_cloud.url}/network/v2.0").status_code == 401
    assert httpx.get(f"{twinstack_active_cloud.url}/network/").status_code == 200


def test_availability_zones(demo) -> None:
    zones = {(z.name, z.resource, z.state) for z in demo.network.availability_zones()}
    assert zones == {("nova", "network", "available"), ("nova", "router", "available")}


def test_agents_for_admins(admin, demo_api) -> None:
    agents = list(admin.network.agents())
    types = {a.agent_type for a in agents}
    assert types == {"DHCP agent", "L3 agent", "Open vSwitch agent"}
    assert all(a.is_alive for a in agents)
    l3 = next(a for a in agents if a.agent_type == "L3 agent")
    assert l3.binary == "neutron-l3-agent" and l3.availability_zone == "nova"
    updated = admin.network.update_agent(l3, is_admin_state_up=False)
    assert updated.is_admin_state_up is False
    assert admin.network.get_agent(l3.id).is_admin_state_up is False
    assert [a.id for a in admin.network.agents(agent_type="L3 agent", host=l3.host)] == [l3.id]
    assert demo_api("GET", "/agents").json() == {"agents": []}  # filtered by get_agent, not refused
    admin.network.delete_agent(l3)
    with pytest.raises(sdk_exc.NotFoundException):
        admin.network.get_agent(l3.id)


def test_quota_api(admin, demo, demo_api) -> None:
    project = demo.current_project_id
    quota = demo.network.get_quota(project)
    assert quota.networks == 100 and quota.ports == 500 and quota.security_group_rules == 100
    defaults = admin.network.get_quota_default(project)
    assert defaults.routers == 10
    assert demo_api("PUT", f"/quotas/{project}", {"quota": {"network": 5}}).status_code == 403
    admin.network.update_quota(project, routers=3, ports=-1)
    assert project in {q.project_id for q in admin.network.quotas()}
    details = demo.network.get_quota(project, details=True)
    assert details.routers == {"limit": 3, "used": 1, "reserved": 0}
    assert details.ports["limit"] == -1
    response = demo_api("GET", "/quotas/" + admin.current_project_id)
    assert response.status_code == 403


def test_over_quota_on_security_group_rules(admin, demo, demo_api) -> None:
    project = demo.current_project_id
    sg = demo.network.create_security_group(name="q")
    used = len(list(demo.network.security_group_rules()))
    admin.network.update_quota(project, security_group_rules=used)
    response = demo_api("POST", "/security-group-rules", {"security_group_rule": {
        "security_group_id": sg.id, "direction": "ingress", "protocol": "tcp", "port_range_min": 80,
        "port_range_max": 80}})
    assert response.status_code == 409 and demo_api.error(response)["type"] == "OverQuota"


def test_auto_allocated_topology(alt, demo_api) -> None:
    topo = alt.network.get_auto_allocated_topology(alt.current_project_id)
    net = alt.network.get_network(topo.id)
    assert net.name == "auto_allocated_network" and len(net.subnet_ids) == 1
    router = alt.network.find_router("auto_allocated_router")
    assert router.external_gateway_info["network_id"] == alt.network.find_network("public").id
    assert alt.network.get_auto_allocated_topology(alt.current_project_id).id == topo.id
    alt.network.delete_auto_allocated_topology(alt.current_project_id)
    assert alt.network.find_network("auto_allocated_network") is None
    assert alt.network.find_router("auto_allocated_router") is None


def test_tags_on_ports_routers_and_groups(demo) -> None:
    router = demo.network.find_router("router1")
    demo.network.set_tags(router, ["edge"])
    assert demo.network.get_router(router.id).tags == ["edge"]
    assert [r.id for r in demo.network.routers(tags="edge")] == [router.id]
    sg = demo.network.create_security_group(name="tagged")
    demo.network.set_tags(sg, ["a", "b"])
    assert [g.id for g in demo.network.security_groups(tags="a,b")] == [sg.id]


def test_tag_creation_adds_many_and_neutrons_limits(demo, demo_api) -> None:
    """tag-creation (POST .../tags adds what is missing, idempotent), a repeated tag refused rather than merged,
    at most 50 tags on a resource."""
    assert demo.network.find_extension("tag-creation") is not None
    net = demo.network.create_network(name="tagged")
    demo.network.add_tags(net, ["red", "green"])
    demo.network.add_tags(net, ["blue", "yellow", "red"])
    assert demo.network.get_network(net.id).tags == ["blue", "green", "red", "yellow"]
    added = demo_api("POST", f"/networks/{net.id}/tags", {"tags": ["red"]})
    assert added.status_code == 201 and added.json() == {"tags": ["red"]}
    repeated = demo_api("PUT", f"/networks/{net.id}/tags", {"tags": ["a", "b", "a"]})
    assert repeated.status_code == 400 and demo_api.error(repeated)["type"] == "InvalidInput"
    assert demo_api.error(repeated)["message"] == "Invalid input for operation: Duplicate items in the list: 'a'."
    many = [f"t{i}" for i in range(51)]
    for method in ("PUT", "POST"):
        over = demo_api(method, f"/networks/{net.id}/tags", {"tags": many})
        assert over.status_code == 400, over.text
        assert "exceed the per-resource limit of 50" in demo_api.error(over)["message"]
    assert demo_api("PUT", f"/networks/{net.id}/tags", {"tags": many[:50]}).status_code == 200
    assert demo_api("PUT", f"/networks/{net.id}/tags/extra").status_code == 400
    assert len(demo.network.get_network(net.id).tags) == 50  # nothing half written


def test_network_ip_availability(admin, demo, demo_api) -> None:
    net = demo.network.create_network(name="avail")
    sub = demo.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.90.0.0/28")
    demo.network.create_port(network_id=net.id)
    demo.network.create_port(network_id=net.id)
    avail = admin.network.get_network_ip_availability(net.id)
    assert avail.total_ips == 13 and avail.used_ips == 2 and avail.network_name == "avail"
    assert avail.subnet_ip_availability == [{"subnet_id": sub.id, "subnet_name": "", "cidr": "10.90.0.0/28",
                                             "ip_version": 4, "total_ips": 13, "used_ips": 2}]
    names = {a.network_name for a in admin.network.network_ip_availabilities(ip_version=4)}
    assert {"avail", "public", "private"} <= names
    assert demo_api("GET", "/network-ip-availabilities").json() == {"network_ip_availabilities": []}


def test_server_security_group_helpers_in_process(tmp_path) -> None:
    """local.py's helpers for Nova's add/removeSecurityGroup, on an in-process cloud."""
    cloud = InProcess(Settings(state_dir=str(tmp_path)))
    try:
        cloud.open()
        with cloud.store.begin() as conn:
            net = conn.execute(sa.select(t.networks).where(t.networks.c.name == "private")).first()
            project = net.project_id
            vifs = local.allocate_for_instance(cloud, conn, "vm-1", project, "host1", [{"uuid": net.id}], [])
            assert len(vifs) == 1 and vifs[0]["network_name"] == "private"
            assert [g["name"] for g in local.security_groups_for(cloud, conn, ["vm-1"])["vm-1"]] == ["default"]
            now = cloud.clock.now()
            conn.execute(t.security_groups.insert().values(id="sg-web", project_id=project, name="web",
                                                           description="", created_at=now, updated_at=now,
                                                           revision_number=0, stateful=True))
            local.add_security_group(cloud, conn, "vm-1", project, "web")
            assert [g["name"] for g in local.security_groups_for(cloud, conn, ["vm-1"])["vm-1"]] == ["default", "web"]
            local.remove_security_group(cloud, conn, "vm-1", project, "default")
            with pytest.raises(ApiError) as exc:
                local.remove_security_group(cloud, conn, "vm-1", project, "default")
            assert exc.value.status == 400
            with pytest.raises(ApiError) as exc:
                local.add_security_group(cloud, conn, "vm-1", project, "nope")
            assert exc.value.status == 404
            addresses = local.addresses(cloud, conn, ["vm-1"])["vm-1"]["private"]
            assert {a["OS-EXT-IPS:type"] for a in addresses} == {"fixed"}
            local.deallocate_for_instance(cloud, conn, "vm-1")
            assert local.addresses(cloud, conn, ["vm-1"]) == {"vm-1": {}}
    finally:
        cloud.close()


def test_agents_hosting_routers_and_networks(admin, demo_api) -> None:
    router = admin.network.find_router("router1")
    (l3,) = list(admin.network.routers_hosting_l3_agents(router))
    assert l3.agent_type == "L3 agent"
    assert router.id in {r.id for r in admin.network.agent_hosted_routers(l3)}
    private = admin.network.find_network("private")
    (dhcp,) = list(admin.network.network_hosting_dhcp_agents(private))
    assert private.id in {n.id for n in admin.network.dhcp_agent_hosting_networks(dhcp)}
    assert demo_api("GET", f"/routers/{router.id}/l3-agents").status_code == 403


def test_non_admins_see_no_agents_rather_than_a_refusal(demo_api, admin) -> None:
    """Neutron filters a list by the show rule (tempest's test_list_agents_non_admin expects []) and
    answers 404 for what the caller may not see; the SDK's agent tests skip on an empty list."""
    agent = next(admin.network.agents())
    assert demo_api("GET", "/agents").json() == {"agents": []}
    for method, body in (("GET", None), ("PUT", {"agent": {"description": "x"}}), ("DELETE", None)):
        response = demo_api(method, f"/agents/{agent.id}", body)
        assert response.status_code == 404 and demo_api.error(response)["type"] == "HTTPNotFound"
    assert demo_api("GET", "/network-ip-availabilities").json() == {"network_ip_availabilities": []}
    assert demo_api("GET", f"/network-ip-availabilities/{agent.id}").status_code == 404


def test_subnet_cidr_with_host_bits_and_ip_version_as_text(demo_api, demo) -> None:
    """neutron-lib: validate_subnet accepts 10.99.99.0/16 (netaddr spells it so) and the subnet keeps
    the network address; convert_to_int reads ip_version "4"."""
    net = demo.network.create_network(name="hostbits")
    response = demo_api("POST", "/subnets", {"subnet": {"network_id": net.id, "cidr": "10.99.99.0/16",
                                                        "ip_version": "4"}})
    assert response.status_code == 201, response.text
    assert (response.json()["subnet"]["cidr"], response.json()["subnet"]["ip_version"]) == ("10.99.0.0/16", 4)
    bad = demo_api("POST", "/subnets", {"subnet": {"network_id": net.id, "cidr": "10.98.0.0/016", "ip_version": 4}})
    assert bad.status_code == 400 and "isn't a recommended CIDR" in demo_api.error(bad)["message"]
    bad = demo_api("POST", "/subnets", {"subnet": {"network_id": net.id, "cidr": "10.97.0.0/16", "ip_version": "x"}})
    assert bad.status_code == 400 and "'x' is not an integer" in demo_api.error(bad)["message"]


def test_what_the_sdk_functional_suite_reads(demo, admin) -> None:
    """Shapes openstacksdk's own functional tests check: service providers (neutron's service-type
    extension), QoS policy tags at /v2.0/policies/{id}/tags (the tag extension names the collection
    alone), a passing auto-allocation dry run as its id, and l3-ha announced for the admin-only `ha`."""
    providers = list(demo.network.service_providers())
    assert "ha" in [p.name for p in providers] and {p.service_type for p in providers} == {"L3_ROUTER_NAT"}
    assert admin.network.find_extension("service-type") and admin.network.find_extension("l3-ha")
    policy = admin.network.create_qos_policy(name="tagged")
    admin.network.set_tags(policy, ["blue"])
    assert admin.network.get_qos_policy(policy.id).tags == ["blue"]
    admin.network.set_tags(policy, [])
    assert admin.network.get_qos_policy(policy.id).tags == []
    assert demo.network.validate_auto_allocated_topology(demo.current_project_id).id == "dry-run=pass"


def test_extra_route_via_the_gateway_subnet(admin) -> None:
    """Neutron's extraroute accepts a nexthop on any subnet of the router's ports, the gateway's too."""
    ext = admin.network.create_network(name="ext-77", is_router_external=True)
    sub = admin.network.create_subnet(network_id=ext.id, ip_version=4, cidr="10.7.7.0/24")
    router = admin.network.create_router(name="r77", external_gateway_info={"network_id": ext.id})
    routes = [{"destination": "10.8.8.0/24", "nexthop": "10.7.7.99"}]
    assert admin.network.update_router(router, routes=routes).routes == routes
    assert sub.id


def test_quota_update_with_check_limit(admin_api, demo) -> None:
    """quota-check-limit (OSC's `quota set --check-limit`): a limit below the project's usage is refused."""
    demo.network.create_network(name="counted")
    project = demo.current_project_id
    refused = admin_api("PUT", f"/quotas/{project}", {"quota": {"network": 0, "check_limit": True}})
    assert refused.status_code == 400 and "already used" in admin_api.error(refused)["message"]
    assert admin_api("PUT", f"/quotas/{project}", {"quota": {"network": 50, "check_limit": True}}).status_code == 200
    assert admin_api("PUT", f"/quotas/{project}", {"quota": {"network": 0}}).status_code == 200


@pytest.mark.twinstack_model("models/segments.yaml")
def test_segment_name_is_null_until_given_and_any_non_reserved_mac(admin) -> None:
    """neutron-lib: a segment's name defaults to None; a MAC is refused only when all zeros or all ones
    (OSC's functional tests set 11:22:33:44:55:66, a multicast address, on a port)."""
    net = admin.network.create_network(name="segmented")
    segment = next(admin.network.segments(network_id=net.id))
    assert segment.name is None
    assert admin.network.update_segment(segment, name="s1").name == "s1"
    port = admin.network.create_port(network_id=net.id)
    assert admin.network.update_port(port, mac_address="11:22:33:44:55:66").mac_address == "11:22:33:44:55:66"
    refused = admin.network.put(f"/ports/{port.id}", json={"port": {"mac_address": "ff:ff:ff:ff:ff:ff"}})
    assert refused.status_code == 400


def test_what_tempest_deletes_and_refuses(admin, admin_api) -> None:
    """An IPv6 auto-address subnet is deleted with ports on it; an external network takes its floating
    IPs along; an unknown remote group is a 404 whatever its spelling (neutron-lib does not check it)."""
    net = admin.network.create_network(name="v6")
    sub = admin.network.create_subnet(network_id=net.id, ip_version=6, cidr="2001:db8:99::/64",
                                      ipv6_address_mode="slaac", ipv6_ra_mode="slaac")
    admin.network.create_port(network_id=net.id)
    admin.network.delete_subnet(sub)
    ext = admin.network.create_network(name="ext-gone", is_router_external=True)
    admin.network.create_subnet(network_id=ext.id, ip_version=4, cidr="10.77.0.0/24")
    fip = admin.network.create_ip(floating_network_id=ext.id)
    admin.network.delete_network(ext)
    assert admin.network.find_ip(fip.id) is None
    group = admin.network.create_security_group(name="g")
    response = admin_api("POST", "/security-group-rules", {"security_group_rule": {
        "security_group_id": group.id, "direction": "ingress", "remote_group_id": "bad_group_id"}})
    assert response.status_code == 404 and admin_api.error(response)["type"] == "SecurityGroupNotFound"


def test_router_gateway_carries_its_qos_policy(admin) -> None:
    """qos-gateway-ip (in ML2/OVN's L3 extensions): external_gateway_info shows qos_policy_id, null unset."""
    public = admin.network.find_network("public")
    router = admin.network.create_router(name="gwqos", external_gateway_info={"network_id": public.id})
    assert router.external_gateway_info["qos_policy_id"] is None
    policy = admin.network.create_qos_policy(name="gw")
    router = admin.network.update_router(router, external_gateway_info={"network_id": public.id,
                                                                        "qos_policy_id": policy.id})
    assert router.external_gateway_info["qos_policy_id"] == policy.id


def test_minimum_packet_rate_rules(admin, cloud) -> None:
    """qos-pps-minimum: a minimum packet-rate rule per direction (any, egress, ingress), as OSC's
    `network qos rule create --type minimum-packet-rate` makes it."""
    policy = admin.network.create_qos_policy(name="pps")
    rule = admin.network.create_qos_minimum_packet_rate_rule(policy, min_kpps=2800, direction="any")
    assert (rule.min_kpps, rule.direction) == (2800, "any")
    admin.network.update_qos_minimum_packet_rate_rule(rule, policy, min_kpps=7500)
    assert admin.network.get_qos_minimum_packet_rate_rule(rule, policy).min_kpps == 7500
    created = openstack_cli(cloud, "network", "qos", "rule", "create", "--type", "minimum-packet-rate",
                            "--min-kpps", "100", "--egress", "pps", "-f", "json")
    assert created["min_kpps"] == 100
