"""Odd ids in the proxy APIs' paths (a NUL byte, slashes, dots, a huge number) are 4xx in Nova's fault
format: the proxies ask the other services in-process, so no id reaches an HTTP client as a URL."""

from __future__ import annotations

from typing import Any

import pytest

from tests.compute.helpers import nova

ODD_IDS = ["%00", "a%00b", "%2e%2e", "..%2F..", "%25", "99999999999999999999", "%20", "x" * 300]


@pytest.mark.parametrize("odd", ODD_IDS)
@pytest.mark.parametrize("method,path", [
    ("GET", "/images/{id}"), ("DELETE", "/images/{id}"), ("GET", "/images/{id}/metadata"),
    ("DELETE", "/images/{id}/metadata/k"),
    ("GET", "/os-volumes/{id}"), ("DELETE", "/os-volumes/{id}"),
    ("GET", "/os-snapshots/{id}"), ("DELETE", "/os-snapshots/{id}"),
    ("GET", "/os-security-groups/{id}"), ("DELETE", "/os-security-groups/{id}"),
    ("DELETE", "/os-security-group-rules/{id}"),
    ("GET", "/os-floating-ips/{id}"), ("DELETE", "/os-floating-ips/{id}"),
    ("GET", "/os-networks/{id}"), ("GET", "/os-tenant-networks/{id}"),
])
def test_odd_ids_are_4xx(cloud: Any, demo_connection: Any, method: str, path: str, odd: str) -> None:
    r = nova(demo_connection, method, path.format(id=odd), "2.1")
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    if r.status_code != 404 or r.content:  # Starlette's own 404 (no route matched) has no Nova body
        assert set(r.json()) <= {"itemNotFound", "badRequest", "forbidden", "conflictingRequest"}, r.text


@pytest.mark.parametrize("method,path,status,fault", [
    ("GET", "/images/%00", 404, "itemNotFound"), ("DELETE", "/os-volumes/%00", 404, "itemNotFound"),
    # Nova checks a security group id is a uuid before it asks Neutron
    ("DELETE", "/os-security-groups/%00", 400, "badRequest")])
def test_the_issue_requests_answer_as_nova(cloud: Any, demo_connection: Any, method: str, path: str, status: int,
                                          fault: str) -> None:
    r = nova(demo_connection, method, path, "2.1")
    assert r.status_code == status and r.json()[fault]["code"] == status, r.text


def test_security_group_ids_must_be_uuids(cloud: Any, demo_connection: Any) -> None:
    for method, path in (("GET", "/os-security-groups/x"), ("DELETE", "/os-security-groups/x"),
                         ("PUT", "/os-security-groups/x"), ("DELETE", "/os-security-group-rules/x")):
        body = {"security_group": {"name": "n", "description": "d"}} if method == "PUT" else None
        r = nova(demo_connection, method, path, "2.1", json=body)
        assert r.status_code == 400 and r.json()["badRequest"]["message"] == "Security group id should be uuid", \
            r.text
    missing = "11111111-2222-3333-4444-555555555555"
    assert nova(demo_connection, "GET", f"/os-security-groups/{missing}", "2.1").status_code == 404


def test_odd_metadata_key_and_rule_body(cloud: Any, demo_connection: Any) -> None:
    image = demo_connection.image.find_image("cirros-0.6.3-x86_64-disk")
    r = nova(demo_connection, "GET", f"/images/{image.id}/metadata/%00", "2.1")
    assert r.status_code == 404 and "itemNotFound" in r.json(), r.text
    r = nova(demo_connection, "POST", "/os-security-group-rules", "2.1", json={"security_group_rule": {
        "parent_group_id": "11111111-2222-3333-4444-555555555555", "ip_protocol": "tcp", "from_port": 1,
        "to_port": 2}})
    assert r.status_code == 404 and "itemNotFound" in r.json(), r.text
    r = nova(demo_connection, "POST", "/os-snapshots", "2.1", json={"snapshot": {"volume_id": "\u0000"}})
    assert r.status_code == 404 and "itemNotFound" in r.json(), r.text
