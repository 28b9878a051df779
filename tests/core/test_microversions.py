"""Microversion negotiation rules, as unit tests (the services' e2e tests cover the headers on the wire)."""

from __future__ import annotations

import pytest
from starlette.datastructures import Headers

from twinstack.core.errors import ApiError
from twinstack.core.microversions import Microversions, Version

NOVA = Microversions("compute", Version(2, 1), Version(2, 96), legacy_header="X-OpenStack-Nova-API-Version")


def negotiate(**headers: str) -> Version:
    return NOVA.negotiate(Headers({k.replace("_", "-"): v for k, v in headers.items()}))


def test_no_header_is_the_minimum() -> None:
    assert negotiate() == (2, 1)


def test_latest_is_the_maximum() -> None:
    assert negotiate(OpenStack_API_Version="compute latest") == (2, 96)


def test_the_service_name_selects_the_value() -> None:
    assert negotiate(OpenStack_API_Version="volume 3.10, compute 2.60") == (2, 60)
    assert negotiate(OpenStack_API_Version="volume 3.10") == (2, 1)


def test_legacy_header_is_read_when_the_new_one_is_absent() -> None:
    assert negotiate(X_OpenStack_Nova_API_Version="2.11") == (2, 11)


@pytest.mark.parametrize("value", ["2.0", "3.0", "2.97"])
def test_out_of_range_is_406(value: str) -> None:
    with pytest.raises(ApiError) as err:
        negotiate(OpenStack_API_Version=f"compute {value}")
    assert err.value.status == 406 and "Minimum is 2.1 and maximum is 2.96" in err.value.message


@pytest.mark.parametrize("value", ["two", "2", "2.x", "02.1.3"])
def test_malformed_is_400(value: str) -> None:
    with pytest.raises(ApiError) as err:
        negotiate(OpenStack_API_Version=f"compute {value}")
    assert err.value.status == 400


def test_response_headers_name_the_version_and_vary() -> None:
    headers = NOVA.response_headers(Version(2, 60))
    assert headers["OpenStack-API-Version"] == "compute 2.60"
    assert headers["X-OpenStack-Nova-API-Version"] == "2.60"
    assert headers["Vary"] == "OpenStack-API-Version, X-OpenStack-Nova-API-Version"


def test_versions_compare_numerically() -> None:
    assert Version(2, 10) > Version(2, 9) and Version(2, 10) >= (2, 10)
