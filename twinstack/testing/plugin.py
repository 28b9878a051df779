"""The pytest plugin (entry point ``pytest11``): a real cloud per test session, reset per test.

Set ``TWINSTACK_URL`` to attach to a running cloud instead of starting one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from twinstack.testing.cloud import Cloud


@pytest.fixture(scope="session")
def twinstack_cloud() -> Iterator[Cloud]:
    with Cloud(url=os.environ.get("TWINSTACK_URL")) as cloud:
        yield cloud


@pytest.fixture
def cloud(twinstack_cloud: Cloud) -> Cloud:
    twinstack_cloud.reset()
    return twinstack_cloud


@pytest.fixture
def clouds_yaml(twinstack_cloud: Cloud) -> str:
    return str(twinstack_cloud.clouds_yaml_path)


@pytest.fixture
def openstack_connection(twinstack_cloud: Cloud) -> Any:
    return twinstack_cloud.connect("twinstack-admin")


@pytest.fixture
def demo_connection(twinstack_cloud: Cloud) -> Any:
    return twinstack_cloud.connect("twinstack")
