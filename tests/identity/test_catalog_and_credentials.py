"""Regions, services and endpoints (the catalog follows every change), application credentials
(create, authenticate, restrictions) and /v3/credentials, through openstacksdk."""

from __future__ import annotations

import json
import uuid

import openstack
import openstack.exceptions as exc
import pytest


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def catalog_types(conn) -> set[str]:
    response = conn.identity.get("/auth/catalog")
    return {entry["type"] for entry in response.json()["catalog"]}


def test_regions_with_parents(openstack_connection) -> None:
    ident = openstack_connection.identity
    parent = ident.create_region(id=unique("Parent"), description="p")
    child = ident.create_region(id=unique("Child"), parent_region_id=parent.id)
    assert child.parent_region_id == parent.id
    assert [r.id for r in ident.regions(parent_region_id=parent.id)] == [child.id]
    response = ident.patch(f"/regions/{parent.id}", json={"region": {"parent_region_id": child.id}}, raise_exc=False)
    assert response.status_code == 400 and "circular" in response.json()["error"]["message"]
    response = ident.post("/regions", json={"region": {"id": parent.id}}, raise_exc=False)
    assert response.status_code == 409
    generated = ident.create_region(description="no id given")
    assert len(generated.id) == 32
    ident.delete_region(parent)  # takes the child along
    with pytest.raises(exc.NotFoundException):
        ident.get_region(child.id)


def test_service_and_endpoint_follow_into_the_catalog(openstack_connection) -> None:
    ident = openstack_connection.identity
    stype = unique("svc")
    service = ident.create_service(type=stype, name="glance-like", description="d")
    assert stype in catalog_types(openstack_connection)  # no endpoints yet: Keystone lists it anyway (bug 1436704)
    endpoint = ident.create_endpoint(service_id=service.id, interface="public", url="http://x:9292",
                                     region_id="RegionOne")
    assert endpoint.region_id == "RegionOne" and endpoint.is_enabled
    assert stype in catalog_types(openstack_connection)
    assert [e.id for e in ident.endpoints(service_id=service.id, interface="public")] == [endpoint.id]
    assert [s.id for s in ident.services(type=stype)] == [service.id]
    ident.update_endpoint(endpoint, url="http://y:9292")
    entry = [e for e in ident.get("/auth/catalog").json()["catalog"] if e["type"] == stype][0]
    assert entry["endpoints"][0]["url"] == "http://y:9292"
    bad = ident.post("/endpoints", json={"endpoint": {"service_id": uuid.uuid4().hex, "interface": "public",
                                                      "url": "http://z"}}, raise_exc=False)
    assert bad.status_code == 400
    bad = ident.post("/endpoints", json={"endpoint": {"service_id": service.id, "interface": "sideways",
                                                      "url": "http://z"}}, raise_exc=False)
    assert bad.status_code == 400 and "interface" in bad.json()["error"]["message"]
    ident.delete_service(service)  # and its endpoints
    assert stype not in catalog_types(openstack_connection)
    with pytest.raises(exc.NotFoundException):
        ident.get_endpoint(endpoint.id)


def test_application_credential_lifecycle(openstack_connection, twinstack_cloud) -> None:
    demo = twinstack_cloud.connect("twinstack")
    user_id = demo.current_user_id
    name = unique("ac")
    cred = demo.identity.create_application_credential(user=user_id, name=name, description="ci",
                                                      roles=[{"name": "reader"}],
                                                      access_rules=[{"service": "compute", "path": "/v2.1/servers",
                                                                     "method": "GET"}])
    assert cred.secret and len(cred.secret) > 40
    assert [r["name"] for r in cred.roles] == ["reader"] and cred.unrestricted is False
    listed = list(demo.identity.application_credentials(user=user_id, name=name))
    assert [c.id for c in listed] == [cred.id] and listed[0].secret is None
    rules = demo.identity.get(f"/users/{user_id}/access_rules").json()["access_rules"]
    assert rules[0]["service"] == "compute"
    # authenticate with it: scoped to demo, carrying only the reader role
    via_cred = openstack.connect(auth_type="v3applicationcredential", auth_url=f"{twinstack_cloud.url}/identity",
                                 application_credential_id=cred.id, application_credential_secret=cred.secret,
                                 region_name="RegionOne")
    access = via_cred.session.auth.get_access(via_cred.session)
    assert access.role_names == ["reader"] and access.project_name == "demo"
    cred_token = via_cred.session.get_token()
    # its access rules name only GET /v2.1/servers on compute: Keystone's own API is a 401 to it, as
    # keystonemiddleware (which Keystone runs too) answers (a credential without rules: 403, restricted)
    response = via_cred.identity.post(f"/users/{user_id}/application_credentials",
                                      json={"application_credential": {"name": unique("x")}}, raise_exc=False)
    assert response.status_code == 401
    assert via_cred.compute.get("/servers", raise_exc=False).status_code == 200
    # a role the creator lacks is refused
    response = demo.identity.post(f"/users/{user_id}/application_credentials",
                                  json={"application_credential": {"name": unique("y"), "roles": [{"name": "admin"}]}},
                                  raise_exc=False)
    assert response.status_code == 400
    # another user's credentials are not for demo to create
    admin_id = openstack_connection.current_user_id
    response = demo.identity.post(f"/users/{admin_id}/application_credentials",
                                  json={"application_credential": {"name": unique("z")}}, raise_exc=False)
    assert response.status_code == 403
    response = demo.identity.post(f"/users/{user_id}/application_credentials",
                                  json={"application_credential": {"name": name}}, raise_exc=False)
    assert response.status_code == 409
    expired = demo.identity.post(f"/users/{user_id}/application_credentials", raise_exc=False,
                                 json={"application_credential": {"name": unique("e"),
                                                                  "expires_at": "2001-01-01T00:00:00Z"}})
    assert expired.status_code == 400
    demo.identity.delete_application_credential(user=user_id, application_credential=cred.id)
    with pytest.raises(exc.NotFoundException):
        demo.identity.get_application_credential(user=user_id, application_credential=cred.id)
    gone = openstack_connection.identity.get("/auth/tokens", headers={"X-Subject-Token": cred_token},
                                             raise_exc=False)
    assert gone.status_code == 404  # tokens minted from a deleted credential stop working


def test_credentials_ec2_and_ownership(openstack_connection, twinstack_cloud) -> None:
    demo = twinstack_cloud.connect("twinstack")
    demo_id, demo_project = demo.current_user_id, demo.current_project_id
    access = uuid.uuid4().hex
    blob = json.dumps({"access": access, "secret": "s"})
    cred = demo.identity.create_credential(type="ec2", blob=blob, user_id=demo_id, project_id=demo_project)
    assert len(cred.id) == 64 and cred.type == "ec2"
    assert [c.id for c in demo.identity.credentials()] == [cred.id]  # only its own
    totp = openstack_connection.identity.create_credential(type="totp", blob="SECRET", user_id=demo_id)
    assert {c.id for c in openstack_connection.identity.credentials(user_id=demo_id)} >= {cred.id, totp.id}
    admin_id = openstack_connection.current_user_id
    response = demo.identity.post("/credentials", json={"credential": {"type": "totp", "blob": "x",
                                                                       "user_id": admin_id}}, raise_exc=False)
    assert response.status_code == 403
    response = demo.identity.post("/credentials", json={"credential": {"type": "ec2", "blob": "{}",
                                                                       "user_id": demo_id, "project_id": demo_project}},
                                  raise_exc=False)
    assert response.status_code == 400
    openstack_connection.identity.update_credential(totp, blob="OTHER")
    assert openstack_connection.identity.get_credential(totp.id).blob == "OTHER"
    demo.identity.delete_credential(cred)
    openstack_connection.identity.delete_credential(totp)
    assert list(demo.identity.credentials()) == []
