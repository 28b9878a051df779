"""Security groups and rules: the default group made on first use with Neutron's rules, rule
validation and normalisation, duplicates, in-use and default-group protections."""

from __future__ import annotations


def _key(rule) -> tuple:
    return (rule["direction"], rule["ethertype"], rule["remote_group_id"] is not None)


def test_default_group_on_first_use_with_neutron_rules(alt) -> None:
    groups = list(alt.network.security_groups())
    assert [g.name for g in groups] == ["default"]
    default = groups[0]
    assert default.project_id == alt.current_project_id and default.stateful is True
    rules = sorted(_key(r) for r in default.security_group_rules)
    assert rules == [("egress", "IPv4", False), ("egress", "IPv6", False),
                     ("ingress", "IPv4", True), ("ingress", "IPv6", True)]
    ingress = [r for r in default.security_group_rules if r["direction"] == "ingress"]
    assert all(r["remote_group_id"] == default.id for r in ingress)
    # listing again does not make a second one
    assert [g.id for g in alt.network.security_groups()] == [default.id]


def test_new_group_gets_egress_rules_and_rule_crud(demo_api, demo) -> None:
    sg = demo.network.create_security_group(name="web", description="web servers")
    assert sorted((r["direction"], r["ethertype"]) for r in sg.security_group_rules) == [
        ("egress", "IPv4"), ("egress", "IPv6")]
    rule = demo.network.create_security_group_rule(security_group_id=sg.id, direction="ingress", protocol="tcp",
                                                   port_range_min=22, port_range_max=22,
                                                   remote_ip_prefix="10.1.2.3/8")
    # kept as given; the same network in another spelling is the same rule
    assert rule.remote_ip_prefix == "10.1.2.3/8" and rule.ether_type == "IPv4" and rule.protocol == "tcp"
    response = demo_api("POST", "/security-group-rules", {"security_group_rule": {
        "security_group_id": sg.id, "direction": "ingress", "protocol": "tcp", "port_range_min": 22,
        "port_range_max": 22, "remote_ip_prefix": "10.0.0.0/8"}})
    assert response.status_code == 409
    assert demo_api.error(response)["type"] == "SecurityGroupRuleExists"
    assert rule.id in demo_api.error(response)["message"]
    icmp = demo.network.create_security_group_rule(security_group_id=sg.id, direction="ingress", protocol="icmp")
    assert icmp.port_range_min is None
    assert len(demo.network.get_security_group(sg.id).security_group_rules) == 4
    demo.network.delete_security_group_rule(rule)
    assert len(list(demo.network.security_group_rules(security_group_id=sg.id))) == 3


def test_rule_validation(demo_api, demo) -> None:
    sg = demo.network.create_security_group(name="v")
    base = {"security_group_id": sg.id, "direction": "ingress"}
    cases = [
        ({"port_range_min": 80}, "SecurityGroupProtocolRequiredWithPorts"),
        ({"protocol": "tcp", "port_range_min": 90, "port_range_max": 80}, "SecurityGroupInvalidPortRange"),
        ({"protocol": "tcp", "port_range_min": 0, "port_range_max": 80}, "SecurityGroupInvalidPortValue"),
        ({"protocol": "icmp", "port_range_max": 3}, "SecurityGroupMissingIcmpType"),
        ({"protocol": "wobble"}, "HTTPBadRequest"),
        ({"remote_ip_prefix": "::/0"}, "SecurityGroupRuleParameterConflict"),
        ({"remote_ip_prefix": "10.0.0.0/8", "remote_group_id": sg.id}, "SecurityGroupMultipleRemoteEntites"),
        ({"direction": "sideways"}, "HTTPBadRequest"),
    ]
    for extra, kind in cases:
        response = demo_api("POST", "/security-group-rules", {"security_group_rule": {**base, **extra}})
        assert response.status_code == 400, extra
        assert demo_api.error(response)["type"] == kind, (extra, demo_api.error(response))
    response = demo_api("POST", "/security-group-rules", {"security_group_rule": {
        **base, "security_group_id": "6b2fbd3f-7b0b-4c50-9b63-2f7b1d1f1f1f"}})
    assert response.status_code == 404 and demo_api.error(response)["type"] == "SecurityGroupNotFound"
    assert len(demo.network.get_security_group(sg.id).security_group_rules) == 2


def test_default_group_protections_and_in_use(demo_api, demo) -> None:
    default = next(demo.network.security_groups(name="default"))
    response = demo_api("DELETE", f"/security-groups/{default.id}")
    assert response.status_code == 409 and demo_api.error(response)["type"] == "SecurityGroupCannotRemoveDefault"
    response = demo_api("POST", "/security-groups", {"security_group": {"name": "default"}})
    assert response.status_code == 409
    response = demo_api("PUT", f"/security-groups/{default.id}", {"security_group": {"name": "other"}})
    assert response.status_code == 409
    sg = demo.network.create_security_group(name="used")
    port = demo.network.create_port(network_id=demo.network.find_network("private").id, security_group_ids=[sg.id])
    response = demo_api("DELETE", f"/security-groups/{sg.id}")
    assert response.status_code == 409 and demo_api.error(response)["type"] == "SecurityGroupInUse"
    demo.network.delete_port(port)
    demo.network.delete_security_group(sg)


def test_other_projects_groups_are_invisible(demo, alt, demo_api) -> None:
    sg = alt.network.create_security_group(name="alts")
    assert demo_api("GET", f"/security-groups/{sg.id}").status_code == 404
    assert "alts" not in {g.name for g in demo.network.security_groups()}


def test_default_security_group_rule_templates(admin, alt, demo_api) -> None:
    templates = list(admin.network.default_security_group_rules())
    assert sorted((r.direction, r.ether_type, r.used_in_default_sg, r.used_in_non_default_sg) for r in templates) == [
        ("egress", "IPv4", True, True), ("egress", "IPv6", True, True),
        ("ingress", "IPv4", True, False), ("ingress", "IPv6", True, False)]
    ssh = admin.network.create_default_security_group_rule(direction="ingress", ethertype="IPv4", protocol="tcp",
                                                           port_range_min=22, port_range_max=22,
                                                           remote_ip_prefix="0.0.0.0/0", used_in_default_sg=True,
                                                           used_in_non_default_sg=True)
    response = demo_api("POST", "/default-security-group-rules", {"default_security_group_rule": {
        "direction": "ingress", "protocol": "tcp"}})
    assert response.status_code == 403
    default = next(alt.network.security_groups(name="default"))  # made now, from the templates
    assert 22 in {r["port_range_min"] for r in default.security_group_rules}
    custom = alt.network.create_security_group(name="custom")
    assert sorted((r["direction"], r["port_range_min"]) for r in custom.security_group_rules) == [
        ("egress", None), ("egress", None), ("ingress", 22)]
    admin.network.delete_default_security_group_rule(ssh)
    assert len(list(admin.network.default_security_group_rules())) == 4


def test_ports_filter_by_security_group_and_normalized_cidr(demo) -> None:
    sg = demo.network.create_security_group(name="filter-me")
    rule = demo.network.create_security_group_rule(security_group_id=sg.id, direction="ingress",
                                                   remote_ip_prefix="192.168.1.77/24")
    assert (rule.remote_ip_prefix, rule.normalized_cidr) == ("192.168.1.77/24", "192.168.1.0/24")
    egress = next(r for r in demo.network.get_security_group(sg.id).security_group_rules if r["direction"] == "egress")
    assert egress["normalized_cidr"] in ("0.0.0.0/0", "::/0") and egress["remote_ip_prefix"] is None
    port = demo.network.create_port(network_id=demo.network.find_network("private").id, security_group_ids=[sg.id])
    assert [p.id for p in demo.network.ports(security_groups=[sg.id])] == [port.id]


def test_a_port_range_needs_both_ends(demo, demo_api) -> None:
    """Neutron refuses a TCP rule with only one end of its port range (tempest's invalid-ports test)."""
    sg = demo.network.create_security_group(name="half-range")
    response = demo_api("POST", "/security-group-rules", {"security_group_rule": {
        "security_group_id": sg.id, "direction": "ingress", "protocol": "tcp", "port_range_max": 6}})
    assert response.status_code == 400 and "port_range_min must be <= port_range_max" in response.text
