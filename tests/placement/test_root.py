"""Version document, tokens, policy and microversion negotiation, in Placement's own error format."""

from __future__ import annotations

import httpx

from tests.placement.conftest import Api, error


def test_version_document_needs_no_token(cloud, http: httpx.Client) -> None:
    response = http.get("/placement/")
    assert response.status_code == 200
    assert response.json() == {"versions": [{
        "id": "v1.0", "max_version": "1.39", "min_version": "1.0", "status": "CURRENT",
        "links": [{"rel": "self", "href": ""}]}]}
    assert http.get("/placement").status_code == 200


def test_catalog_lists_placement(openstack_connection) -> None:
    url = openstack_connection.session.get_endpoint(service_type="placement", interface="public")
    assert url.endswith("/placement")


def test_missing_token_is_401(cloud, http: httpx.Client) -> None:
    # (the body's shape is the auth middleware's, shared by every service; not asserted here)
    response = http.get("/placement/resource_providers")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Keystone uri=")


def test_demo_user_is_forbidden(cloud, http: httpx.Client, demo_token: str) -> None:
    response = http.get("/placement/resource_providers", headers={"X-Auth-Token": demo_token})
    assert response.status_code == 403
    err = error(response)
    assert "placement:resource_providers:list" in err["detail"]
    assert err["request_id"] == response.headers["x-openstack-request-id"]


def test_microversion_headers(api: Api) -> None:
    response = api("GET", "/resource_providers", version=None)
    assert response.headers["openstack-api-version"] == "placement 1.0"
    assert "OpenStack-API-Version" in response.headers["vary"]
    assert api("GET", "/resource_providers").headers["openstack-api-version"] == "placement 1.39"
    assert api("GET", "/resource_providers", version="1.15").headers["openstack-api-version"] == "placement 1.15"


def test_microversion_out_of_range_is_406_and_garbage_400(api: Api) -> None:
    response = api("GET", "/resource_providers", version="1.40")
    assert response.status_code == 406
    # placement/util.py: no version was chosen, so no code; the supported range instead
    err = error(response)
    assert "code" not in err and (err["min_version"], err["max_version"]) == ("1.0", "1.39")
    assert "openstack-api-version" not in response.headers
    assert api("GET", "/resource_providers", version="one").status_code == 400


def test_last_modified_from_1_15(api: Api) -> None:
    rp = api.provider()
    assert "last-modified" not in api("GET", f"/resource_providers/{rp}", version="1.14").headers
    response = api("GET", f"/resource_providers/{rp}", version="1.15")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["last-modified"].endswith("GMT")


def test_unknown_path_and_method(api: Api) -> None:
    assert error(api("GET", "/nothing"))["status"] == 404
    response = api("PATCH", "/resource_providers")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"] and "POST" in response.headers["allow"]


def test_routes_appear_with_their_microversion(api: Api) -> None:
    assert api("GET", "/traits", version="1.5").status_code == 404
    assert api("GET", "/traits", version="1.6").status_code == 200
    assert api("GET", "/resource_classes", version="1.1").status_code == 404
    assert api("GET", "/allocation_candidates?resources=VCPU:1", version="1.9").status_code == 404
    assert api("GET", "/usages?project_id=x", version="1.8").status_code == 404


def test_body_must_be_json(api: Api) -> None:
    response = api("POST", "/resource_providers", content=b"name=x", headers={"Content-Type": "text/plain"})
    assert error(response)["status"] == 415
    response = api("POST", "/resource_providers", content=b"{", headers={"Content-Type": "application/json"})
    err = error(response)
    assert err["status"] == 400 and err["detail"].startswith("Malformed JSON")
    response = api("PUT", "/traits/CUSTOM_A")  # no body needed
    assert response.status_code == 201


def test_only_json_is_offered(api: Api) -> None:
    assert error(api("GET", "/resource_providers", headers={"Accept": "text/html"}))["status"] == 406
    assert api("GET", "/resource_providers", headers={"Accept": "application/json"}).status_code == 200


def test_head_answers_like_get(api: Api) -> None:
    rp = api.provider()
    response = api("HEAD", f"/resource_providers/{rp}")
    assert response.status_code == 200 and response.content == b""
