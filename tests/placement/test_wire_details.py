"""Details of Placement 16's answers that the differential run (docs/differential.md) found twinstack
lacking, pinned on a real server: microversion headers, ``code`` by version, Vary on uncaught 404s."""

from __future__ import annotations

import httpx

from tests.placement.conftest import Api, error

MISSING = "9f3c1a52-7d6e-4b0f-8a41-3c2d1e0f9a77"


def test_the_root_is_versioned_too(cloud, http: httpx.Client) -> None:
    # placement's microversion middleware wraps "/" as well: 1.0 by default, 406 out of range
    response = http.get("/placement/")
    assert response.headers["openstack-api-version"] == "placement 1.0"
    assert response.headers["vary"] == "OpenStack-API-Version"
    assert http.get("/placement/", headers={"OpenStack-API-Version": "placement 1.99"}).status_code == 406


def test_error_code_from_1_23(api: Api) -> None:
    for version in ("1.22", None):
        err = error(api("GET", f"/resource_providers/{MISSING}/usages", version=version))
        assert "code" not in err
    assert error(api("GET", f"/resource_providers/{MISSING}/usages", version="1.23"))["code"] == (
        "placement.resource_provider.not_found")
    # answers made before any handler (no route, no method) are rendered at the negotiated version too
    assert error(api("GET", "/nothing"))["code"] == "placement.undefined_code"
    assert "code" not in error(api("GET", "/nothing", version="1.22"))
    assert error(api("PATCH", "/resource_providers"))["code"] == "placement.undefined_code"


def test_router_answers_carry_the_version(api: Api) -> None:
    # the router's 404 is raised through the microversion middleware (version header, no Vary); its 405 is
    # returned (both)
    missing = api("GET", "/nothing")
    assert missing.headers["openstack-api-version"] == "placement 1.39" and "vary" not in missing.headers
    refused = api("PATCH", "/resource_providers", version="1.30")
    assert refused.status_code == 405 and refused.headers["openstack-api-version"] == "placement 1.30"
    assert refused.headers["vary"] == "OpenStack-API-Version"


def test_uncaught_not_found_has_no_vary(api: Api) -> None:
    # ResourceProvider.get_by_uuid / ResourceClass.get_by_name raise through the handler: microversion-parse
    # adds the version header to the raised error, not Vary
    for path in (f"/resource_providers/{MISSING}", "/resource_classes/CUSTOM_NOPE"):
        response = api("GET", path)
        assert response.status_code == 404 and "vary" not in response.headers, path
        assert response.headers["openstack-api-version"] == "placement 1.39"
    response = api("PUT", f"/resource_providers/{MISSING}", json={"name": "x"})
    assert response.status_code == 404 and "vary" not in response.headers
    # the handlers that catch it answer a normal response, with Vary
    for path in (f"/resource_providers/{MISSING}/usages", "/traits/CUSTOM_NOPE"):
        response = api("GET", path)
        assert response.status_code == 404 and response.headers["vary"] == "OpenStack-API-Version", path


def test_trait_name_filter_with_an_unknown_operator_filters_nothing(api: Api) -> None:
    everything = api("GET", "/traits").json()["traits"]
    response = api("GET", "/traits?name=bogus:x")
    assert response.status_code == 200 and response.json()["traits"] == everything
    # without the colon it is malformed
    err = error(api("GET", "/traits?name=bogus"))
    assert err["status"] == 400 and "?name=[in|startswith]:[name1,name2|prefix]" in err["detail"]
