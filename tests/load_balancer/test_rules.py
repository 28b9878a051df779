"""Octavia's checks and answers over raw HTTP: the WSME fault body, per-protocol listener rules, pools,
monitors and L7 validation, duplicates, quotas (403 "Quota has been met"), policy (403 for a reader or
another project), filters, sorting and Octavia's page links."""

from __future__ import annotations

from typing import Any

import httpx

from tests.load_balancer.conftest import wait_active


def fault(answer: httpx.Response, status: int) -> str:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"faultcode", "faultstring", "debuginfo"}
    assert body["faultcode"] == ("Client" if status < 500 else "Server")
    return str(body["faultstring"])


def test_vip_and_body_checks(lbaas: httpx.Client) -> None:
    assert "VIP must contain one of" in fault(lbaas.post("/lbaas/loadbalancers", json={"loadbalancer": {}}), 400)
    missing = "00000000-0000-0000-0000-000000000000"
    assert fault(lbaas.post("/lbaas/loadbalancers", json={"loadbalancer": {"vip_subnet_id": missing}}),
                 400) == f"Subnet {missing} not found."
    assert "Unknown attribute" in fault(lbaas.post("/lbaas/loadbalancers", json={"loadbalancer": {"x": 1}}), 400)
    assert "is not enabled" in fault(lbaas.post("/lbaas/loadbalancers", json={"loadbalancer": {
        "vip_network_id": missing, "provider": "ovn"}}), 400)
    assert fault(lbaas.get(f"/lbaas/loadbalancers/{missing}"), 404) == f"Load Balancer {missing} not found."
    assert "invalid" in fault(lbaas.get("/lbaas/loadbalancers?bogus=1"), 400)
    assert "sort key" in fault(lbaas.get("/lbaas/loadbalancers?sort=bogus:asc"), 400)


def test_listener_protocol_rules(conn: Any, lb: Any, lbaas: httpx.Client) -> None:
    def listener(**body: Any) -> httpx.Response:
        return lbaas.post("/lbaas/listeners", json={"listener": {"loadbalancer_id": lb.id, **body}})

    assert "SNI or default certificate" in fault(listener(protocol="TERMINATED_HTTPS", protocol_port=443), 400)
    assert "not a valid option" in fault(listener(protocol="TCP", protocol_port=1,
                                                  insert_headers={"X-Forwarded-For": "true"}), 400)
    assert "does not support TLS" in fault(listener(protocol="UDP", protocol_port=53,
                                                    default_tls_container_ref="ref"), 400)
    assert "not allowed on HTTP" in fault(listener(protocol="HTTP", protocol_port=8, default_tls_container_ref="r"),
                                          400)
    assert "Invalid input" in fault(listener(protocol="QUIC", protocol_port=1), 400)
    assert "Invalid input" in fault(listener(protocol="TCP", protocol_port=70000), 400)
    made = listener(protocol="HTTP", protocol_port=80, insert_headers={"X-Forwarded-For": "true"})
    assert made.status_code == 201 and made.json()["listener"]["insert_headers"] == {"X-Forwarded-For": "true"}
    assert "already using protocol HTTP and protocol_port 80" in fault(listener(protocol="TCP", protocol_port=80), 409)
    assert listener(protocol="UDP", protocol_port=80).status_code == 201  # another L4 protocol may share the port
    tls = listener(protocol="TERMINATED_HTTPS", protocol_port=443, default_tls_container_ref="http://barbican/s/1")
    assert tls.json()["listener"]["tls_versions"] == ["TLSv1.2", "TLSv1.3"]
    assert listener(protocol="PROMETHEUS", protocol_port=9100).status_code == 201
    sctp = listener(protocol="SCTP", protocol_port=9).json()["listener"]
    udp_pool = lbaas.post("/lbaas/pools", json={"pool": {"listener_id": sctp["id"], "protocol": "UDP",
                                                         "lb_algorithm": "ROUND_ROBIN"}})
    assert "is invalid while the listener protocol is 'SCTP'" in fault(udp_pool, 400)


def test_pool_monitor_and_l7_rules(lb: Any, lbaas: httpx.Client) -> None:
    listener = lbaas.post("/lbaas/listeners", json={"listener": {"loadbalancer_id": lb.id, "protocol": "HTTP",
                                                                 "protocol_port": 80}}).json()["listener"]

    def pool(**body: Any) -> httpx.Response:
        return lbaas.post("/lbaas/pools", json={"pool": {"loadbalancer_id": lb.id, "protocol": "HTTP",
                                                         "lb_algorithm": "ROUND_ROBIN", **body}})

    assert "cookie_name must be specified" in fault(pool(session_persistence={"type": "APP_COOKIE"}), 400)
    assert fault(pool(lb_algorithm="SOURCE_IP_PORT"), 501).startswith("Provider 'amphora' does not support")
    assert "listener_id must be specified" in fault(lbaas.post("/lbaas/pools", json={"pool": {
        "protocol": "HTTP", "lb_algorithm": "ROUND_ROBIN"}}), 400)
    first = pool(listener_id=listener["id"]).json()["pool"]
    assert fault(pool(listener_id=listener["id"]), 409) == "This listener already has a default pool"

    def monitor(**body: Any) -> httpx.Response:
        return lbaas.post("/lbaas/healthmonitors", json={"healthmonitor": {
            "pool_id": first["id"], "type": "HTTP", "delay": 5, "timeout": 3, "max_retries": 3, **body}})

    assert "not a valid option" in fault(monitor(type="TCP", url_path="/x"), 400)
    assert "UDP" in fault(monitor(type="UDP-CONNECT"), 400)
    assert monitor(url_path="/health", expected_codes="200-204").status_code == 201
    assert fault(monitor(), 409) == "This pool already has a health monitor"

    def policy(**body: Any) -> httpx.Response:
        return lbaas.post("/lbaas/l7policies", json={"l7policy": {"listener_id": listener["id"], **body}})

    assert fault(policy(action="REDIRECT_TO_URL"), 400) == "Invalid L7 Policy arguments: redirect_url must not be None"
    first_policy = policy(action="REDIRECT_TO_URL", redirect_url="http://example.com").json()["l7policy"]
    assert (first_policy["redirect_http_code"], first_policy["position"]) == (302, 1)
    second = policy(action="REJECT", position=1).json()["l7policy"]
    assert second["position"] == 1
    assert lbaas.get(f"/lbaas/l7policies/{first_policy['id']}").json()["l7policy"]["position"] == 2
    rules = f"/lbaas/l7policies/{second['id']}/rules"
    assert "key is required" in fault(lbaas.post(rules, json={"rule": {"type": "HEADER", "compare_type": "EQUAL_TO",
                                                                       "value": "x"}}), 400)
    assert "regular expression" in fault(lbaas.post(rules, json={"rule": {"type": "PATH", "compare_type": "REGEX",
                                                                          "value": "(["}}), 400)
    made = lbaas.post(rules, json={"rule": {"type": "HOST_NAME", "compare_type": "ENDS_WITH", "value": ".org"}})
    assert made.status_code == 201 and made.json()["rule"]["invert"] is False
    assert lbaas.get(f"/lbaas/l7policies/{second['id']}").json()["l7policy"]["rules"] == [
        {"id": made.json()["rule"]["id"]}]
    redirect = policy(action="REDIRECT_TO_POOL", redirect_pool_id=first["id"]).json()["l7policy"]
    assert fault(lbaas.delete(f"/lbaas/pools/{first['id']}"), 409) == \
        f"Pool {first['id']} is in use by L7 policy {redirect['id']}"


def test_quotas(admin: Any, conn: Any, subnet: Any, lbaas: httpx.Client, cloud: Any) -> None:
    admin_http = httpx.Client(base_url=cloud.url + "/load-balancer/v2",
                              headers={"X-Auth-Token": admin.auth_token}, timeout=30)
    assert admin_http.get("/lbaas/quotas/defaults").json()["quota"]["load_balancer"] == -1
    project = conn.current_project_id
    answer = admin_http.put(f"/lbaas/quotas/{project}", json={"quota": {"loadbalancer": 1, "listener": 5}})
    assert answer.status_code == 202 and answer.json()["quota"]["load_balancer"] == 1
    assert lbaas.get(f"/lbaas/quotas/{project}").json()["quota"]["listener"] == 5
    assert "Policy does not allow" in fault(lbaas.put(f"/lbaas/quotas/{project}", json={"quota": {"pool": 1}}), 403)
    made = conn.load_balancer.create_load_balancer(vip_subnet_id=subnet.id)
    assert fault(lbaas.post("/lbaas/loadbalancers", json={"loadbalancer": {"vip_subnet_id": subnet.id}}),
                 403) == "Quota has been met for resources: Load Balancer"
    assert [q["project_id"] for q in admin_http.get("/lbaas/quotas").json()["quotas"]] == [project]
    assert admin_http.delete(f"/lbaas/quotas/{project}").status_code == 204
    wait_active(conn, made.id)


def test_policy(cloud: Any, conn: Any, lb: Any) -> None:
    reader = cloud.connect("devstack-reader")
    http = httpx.Client(base_url=cloud.url + "/load-balancer/v2", headers={"X-Auth-Token": reader.auth_token})
    assert http.get(f"/lbaas/loadbalancers/{lb.id}").status_code == 200
    assert fault(http.put(f"/lbaas/loadbalancers/{lb.id}", json={"loadbalancer": {"name": "x"}}),
                 403) == "Policy does not allow this request to be performed."
    alt = cloud.connect("twinstack-alt")
    other = httpx.Client(base_url=cloud.url + "/load-balancer/v2", headers={"X-Auth-Token": alt.auth_token})
    assert other.get(f"/lbaas/loadbalancers/{lb.id}").status_code == 403  # Octavia looks first, then asks
    assert other.get("/lbaas/loadbalancers").json()["loadbalancers"] == []
    assert fault(http.get("/lbaas/flavorprofiles"), 403)


def test_filters_sorting_and_links(conn: Any, lb: Any, lbaas: httpx.Client) -> None:
    for port in (81, 82, 83):
        lbaas.post("/lbaas/listeners", json={"listener": {"loadbalancer_id": lb.id, "protocol": "TCP",
                                                          "protocol_port": port, "name": f"l{port}",
                                                          "tags": ["even"] if port % 2 == 0 else []}})
    names = [x["name"] for x in lbaas.get("/lbaas/listeners?sort=protocol_port:desc").json()["listeners"]]
    assert names == ["l83", "l82", "l81"]
    page = lbaas.get("/lbaas/listeners?limit=2&sort_key=name").json()
    assert "listeners" in page, page
    assert [x["name"] for x in page["listeners"]] == ["l81", "l82"]
    assert page["listeners_links"][0]["rel"] == "next"
    rest = httpx.get(page["listeners_links"][0]["href"], headers=lbaas.headers).json()
    assert "listeners" in rest, (page, rest)
    assert [x["name"] for x in rest["listeners"]] == ["l83"]
    assert [link["rel"] for link in rest["listeners_links"]] == ["previous"]
    assert [x["name"] for x in lbaas.get("/lbaas/listeners?tags=even").json()["listeners"]] == ["l82"]
    assert len(lbaas.get("/lbaas/listeners?not-tags=even").json()["listeners"]) == 2
    only = lbaas.get("/lbaas/listeners?protocol_port=81&fields=id,name").json()["listeners"]
    assert len(only) == 1 and set(only[0]) == {"id", "name"}
    assert lbaas.get(f"/lbaas/listeners?loadbalancer_id={lb.id}").json()["listeners"]
