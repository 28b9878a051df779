"""QoS policies and rules, attached to networks and ports."""

from __future__ import annotations

import pytest
from openstack import exceptions as sdk_exc

from tests.conftest import openstack_cli


def test_qos_policy_rules_and_attachment(demo_api, demo) -> None:
    policy = demo.network.create_qos_policy(name="gold", description="fast")
    limit = demo.network.create_qos_bandwidth_limit_rule(policy, max_kbps=10000, max_burst_kbps=1000)
    assert limit.max_kbps == 10000 and limit.direction == "egress"
    ingress = demo.network.create_qos_bandwidth_limit_rule(policy, max_kbps=5000, direction="ingress")
    dscp = demo.network.create_qos_dscp_marking_rule(policy, dscp_mark=26)
    response = demo_api("POST", f"/qos/policies/{policy.id}/bandwidth_limit_rules",
                        {"bandwidth_limit_rule": {"max_kbps": 1}})
    assert response.status_code == 409  # one egress limit per policy
    response = demo_api(
        "POST", f"/qos/policies/{policy.id}/dscp_marking_rules", {"dscp_marking_rule": {"dscp_mark": 7}}
    )
    assert response.status_code == 400
    rules = demo.network.get_qos_policy(policy.id).rules
    assert {(r["type"], r.get("direction")) for r in rules} == {
        ("bandwidth_limit", "egress"),
        ("bandwidth_limit", "ingress"),
        ("dscp_marking", None),
    }
    updated = demo.network.update_qos_bandwidth_limit_rule(limit, policy, max_kbps=20000)
    assert updated.max_kbps == 20000
    net = demo.network.create_network(name="qos-net", qos_policy_id=policy.id)
    assert net.qos_policy_id == policy.id
    demo.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.37.0.0/24")
    port = demo.network.create_port(network_id=net.id)
    assert port.qos_network_policy_id == policy.id and port.qos_policy_id is None
    response = demo_api("DELETE", f"/qos/policies/{policy.id}")
    assert response.status_code == 409 and demo_api.error(response)["type"] == "QosPolicyInUse"
    response = demo_api(
        "POST", "/ports", {"port": {"network_id": net.id, "qos_policy_id": "6b2fbd3f-7b0b-4c50-9b63-2f7b1d1f1f1f"}}
    )
    assert response.status_code == 404
    types = {r.type for r in demo.network.qos_rule_types()}
    assert types == {"bandwidth_limit", "dscp_marking", "minimum_bandwidth", "minimum_packet_rate"}
    demo.network.delete_qos_dscp_marking_rule(dscp, policy)
    demo.network.delete_qos_bandwidth_limit_rule(ingress, policy)
    demo.network.delete_port(port)
    demo.network.delete_network(net)
    demo.network.delete_qos_policy(policy)
    with pytest.raises(sdk_exc.NotFoundException):
        demo.network.get_qos_policy(policy.id)


def test_rule_type_filters(demo_api, cloud) -> None:
    """qos-rule-type-filter: all_rules lists every type Neutron knows, all_supported the driver's; the OSC
    options that send them; a value that is not a boolean is a 400."""
    every = demo_api("GET", "/qos/rule-types", all_rules="true").json()["rule_types"]
    assert {r["type"] for r in every} == {"bandwidth_limit", "dscp_marking", "minimum_bandwidth", "packet_rate_limit",
                                          "minimum_packet_rate"}
    supported = demo_api("GET", "/qos/rule-types", all_supported="True").json()["rule_types"]
    plain = demo_api("GET", "/qos/rule-types").json()["rule_types"]
    assert {r["type"] for r in supported} == {r["type"] for r in plain}
    bad = demo_api("GET", "/qos/rule-types", all_rules="maybe")
    assert bad.status_code == 400 and "cannot be converted to boolean" in demo_api.error(bad)["message"]
    listed = openstack_cli(cloud, "network", "qos", "rule", "type", "list", "--all-rules", "-f", "json",
                           user="twinstack")
    assert "packet_rate_limit" in [x["Type"] for x in listed]


def test_floating_ip_qos_policy(demo, demo_api) -> None:
    """qos-fip: a floating IP names a QoS policy its project sees, on create and update; a policy a floating
    IP or a router's gateway uses is not deleted."""
    assert demo.network.find_extension("qos-fip") is not None
    policy = demo.network.create_qos_policy(name="fip-limit")
    public = demo.network.find_network("public")
    fip = demo.network.create_ip(floating_network_id=public.id, qos_policy_id=policy.id)
    assert fip.qos_policy_id == policy.id
    assert [f.id for f in demo.network.ips(qos_policy_id=policy.id)] == [fip.id]
    busy = demo_api("DELETE", f"/qos/policies/{policy.id}")
    assert busy.status_code == 409 and demo_api.error(busy)["type"] == "QosPolicyInUse"
    assert f"is used by floatingip {fip.id}" in demo_api.error(busy)["message"]
    missing = demo_api("PUT", f"/floatingips/{fip.id}", {"floatingip": {
        "qos_policy_id": "6b2fbd3f-7b0b-4c50-9b63-2f7b1d1f1f1f"}})
    assert missing.status_code == 404 and demo.network.get_ip(fip.id).qos_policy_id == policy.id
    assert demo.network.update_ip(fip, qos_policy_id=None).qos_policy_id is None
    router = demo.network.create_router(name="gw-qos", external_gateway_info={
        "network_id": public.id, "qos_policy_id": policy.id})
    busy = demo_api("DELETE", f"/qos/policies/{policy.id}")
    assert busy.status_code == 409 and f"is used by router {router.id}" in demo_api.error(busy)["message"]
