"""The issue's "Done when" list, run with the real ``openstack`` CLI, in its order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import openstack_cli
from twinstack.testing import Cloud


@pytest.fixture
def fresh(cloud: Cloud) -> Iterator[Cloud]:
    """The model's cloud, put back afterwards (this test replaces the image service)."""
    yield cloud
    cloud.reset()


def test_done_when_list(fresh: Cloud) -> None:
    token = openstack_cli(fresh, "token", "issue", "-f", "json")
    assert token["id"] and token["project_id"] and token["user_id"]
    types = {entry["Type"] for entry in openstack_cli(fresh, "catalog", "list", "-f", "json")}
    assert "identity" in types
    project = openstack_cli(fresh, "project", "create", "p1", "-f", "json")
    assert project["name"] == "p1" and project["domain_id"] == "default"
    user = openstack_cli(fresh, "user", "create", "--domain", "default", "--password", "x", "u1", "-f", "json")
    assert user["name"] == "u1" and user["enabled"] is True
    result = openstack_cli(fresh, "role", "add", "--user", "u1", "--project", "p1", "member")
    assert result.returncode == 0
    rows = openstack_cli(fresh, "role", "assignment", "list", "--names", "-f", "json")
    assert {"Role": "member", "User": "u1@Default", "Project": "p1@Default"}.items() <= next(
        r for r in rows if r["User"] == "u1@Default").items()
    # A real DevStack already has an image service; the CLI then finds two matches for "image" and
    # asks for an id. Remove the built-in one first so the exact commands are unambiguous.
    admin = fresh.connect("twinstack-admin")
    for service in admin.identity.services(type="image"):
        admin.identity.delete_service(service)
    service = openstack_cli(fresh, "service", "create", "--name", "glance", "image", "-f", "json")
    assert service["type"] == "image" and service["name"] == "glance"
    endpoint = openstack_cli(fresh, "endpoint", "create", "--region", "RegionOne", "image", "public",
                             "http://x:9292", "-f", "json")
    assert endpoint["url"] == "http://x:9292" and endpoint["interface"] == "public"
    catalog = openstack_cli(fresh, "catalog", "list", "-f", "json")
    image = next(entry for entry in catalog if entry["Type"] == "image")
    assert "http://x:9292" in str(image["Endpoints"])
    cred = openstack_cli(fresh, "application", "credential", "create", "ci-cred", "-f", "json")
    assert cred["Secret"] and cred["Name"] == "ci-cred"  # OSC 10 titles these columns
    denied = openstack_cli(fresh, "user", "list", user="twinstack", check=False)
    assert denied.returncode != 0 and "403" in denied.stderr and "identity:list_users" in denied.stderr
