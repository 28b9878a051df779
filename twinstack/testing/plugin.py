"""The pytest plugin (entry point ``pytest11``): a real cloud per test session (per xdist worker),
reset to its model before each test that asks for ``cloud``.

- ``TWINSTACK_URL`` attaches to a running cloud instead of starting one.
- ``@pytest.mark.twinstack_model("path.yaml")`` gives the test a cloud started with that model
  (one per model file, shared by the tests that name it, stopped at the end of the session).
- ``twinstack_faults`` adds fault rules that are removed after the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from twinstack.testing.cloud import Cloud

_MODEL_CLOUDS: dict[tuple[str, ...], Cloud] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "twinstack_model(*paths): run the test against a cloud built from these model files"
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for cloud in _MODEL_CLOUDS.values():
        cloud.stop()
    _MODEL_CLOUDS.clear()


@pytest.fixture(scope="session")
def twinstack_cloud() -> Iterator[Cloud]:
    """One cloud for the session (per xdist worker), on a free port; or TWINSTACK_URL's."""
    with Cloud(url=os.environ.get("TWINSTACK_URL")) as cloud:
        yield cloud


@pytest.fixture
def twinstack_active_cloud(request: pytest.FixtureRequest) -> Cloud:
    """The session's cloud, or the cloud of the test's ``twinstack_model`` marker."""
    marker = request.node.get_closest_marker("twinstack_model")
    if marker is None:
        return request.getfixturevalue("twinstack_cloud")
    paths = tuple(str(request.path.parent / p) if not os.path.isabs(p) else p for p in marker.args)
    if paths not in _MODEL_CLOUDS:
        _MODEL_CLOUDS[paths] = Cloud(model=list(paths)).start()
    return _MODEL_CLOUDS[paths]


@pytest.fixture
def cloud(twinstack_active_cloud: Cloud) -> Cloud:
    """The cloud, reset to its model (state, faults, clock, journal) before the test."""
    twinstack_active_cloud.reset()
    return twinstack_active_cloud


@pytest.fixture
def clouds_yaml(twinstack_active_cloud: Cloud) -> str:
    return str(twinstack_active_cloud.clouds_yaml_path)


@pytest.fixture
def openstack_connection(twinstack_active_cloud: Cloud) -> Any:
    """An openstacksdk Connection as the admin user (project admin)."""
    return twinstack_active_cloud.connect("twinstack-admin")


@pytest.fixture
def demo_connection(twinstack_active_cloud: Cloud) -> Any:
    """An openstacksdk Connection as the demo user (member of project demo)."""
    return twinstack_active_cloud.connect("twinstack")


class Faults:
    """Add fault rules for one test; every rule added here is deleted after it."""

    def __init__(self, cloud: Cloud) -> None:
        self.cloud = cloud
        self.ids: list[str] = []

    def add(self, rule: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        response = httpx.post(f"{self.cloud.url}/_twinstack/faults", json=rule or kwargs, timeout=30)
        if response.status_code != 201:
            raise ValueError(f"fault rule refused: {response.text}")
        fault = dict(response.json()["fault"])
        self.ids.append(fault["id"])
        return fault

    def get(self, fault_id: str) -> dict[str, Any]:
        return dict(httpx.get(f"{self.cloud.url}/_twinstack/faults/{fault_id}", timeout=30).json()["fault"])

    def fired(self, fault_id: str) -> int:
        return int(self.get(fault_id)["fired"])

    def clear(self) -> None:
        for fault_id in self.ids:
            httpx.delete(f"{self.cloud.url}/_twinstack/faults/{fault_id}", timeout=30)
        self.ids.clear()


@pytest.fixture
def twinstack_faults(twinstack_active_cloud: Cloud) -> Iterator[Faults]:
    faults = Faults(twinstack_active_cloud)
    yield faults
    faults.clear()
