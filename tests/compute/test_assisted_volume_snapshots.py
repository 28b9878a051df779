"""os-assisted-volume-snapshots, as Cinder's remotefs drivers call it (tempest's
test_volume_assisted_snapshot_create_delete): the service role or an admin, a volume attached to a
launched server, Nova's answers and its 400s."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.compute.helpers import boot, compute_url, nova

INFO = {"snapshot_id": "a2bdbb63-2d4a-4a46-9f7e-1d2a4b8d3a51", "type": "qcow2", "new_file": "volume.snap"}


@pytest.fixture
def attached(cloud: Any, demo_connection: Any) -> tuple[Any, str, str]:
    """demo's server with demo's volume attached: (demo connection, server id, volume id)."""
    server = boot(demo_connection, "s")
    volume = demo_connection.block_storage.create_volume(size=1, name="v")
    demo_connection.block_storage.wait_for_status(volume, "available", interval=0.1, wait=20)
    r = nova(demo_connection, "POST", f"/servers/{server['id']}/os-volume_attachments",
             json={"volumeAttachment": {"volumeId": volume.id}})
    assert r.status_code == 200, r.text
    return demo_connection, server["id"], volume.id


def _delete(conn: Any, snapshot_id: str, volume_id: str, version: str | None = None) -> httpx.Response:
    return nova(conn, "DELETE", f"/os-assisted-volume-snapshots/{snapshot_id}", version,
                params={"delete_info": json.dumps({"volume_id": volume_id})})


def test_an_admin_snapshots_an_attached_volume(attached: tuple[Any, str, str], openstack_connection: Any) -> None:
    _, _, volume_id = attached
    body = {"snapshot": {"volume_id": volume_id, "create_info": INFO}}
    r = nova(openstack_connection, "POST", "/os-assisted-volume-snapshots", json=body)
    assert r.status_code == 200, r.text
    assert r.json() == {"snapshot": {"id": None, "volumeId": volume_id}}  # Nova echoes create_info's "id"
    body["snapshot"]["create_info"] = {**INFO, "id": "snap-1"}
    assert nova(openstack_connection, "POST", "/os-assisted-volume-snapshots", json=body).json()["snapshot"]["id"] \
        == "snap-1"
    assert _delete(openstack_connection, "snap-1", volume_id).status_code == 204
    assert _delete(openstack_connection, "None", volume_id, "2.96").status_code == 204  # tempest deletes id None


def test_a_member_is_refused_and_a_service_user_is_not(attached: tuple[Any, str, str],
                                                       openstack_connection: Any) -> None:
    demo, _, volume_id = attached
    body = {"snapshot": {"volume_id": volume_id, "create_info": INFO}}
    assert nova(demo, "POST", "/os-assisted-volume-snapshots", json=body).status_code == 403
    identity = openstack_connection.identity
    user = identity.create_user(name="cinder-svc", password="secret", domain_id="default")
    project = identity.find_project("service")
    identity.assign_project_role_to_user(project, user, identity.find_role("service"))
    auth = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "cinder-svc", "domain": {"id": "default"}, "password": "secret"}}},
        "scope": {"project": {"name": "service", "domain": {"id": "default"}}}}}
    keystone = openstack_connection.session.get_endpoint(service_type="identity", interface="public")
    issued = httpx.post(keystone.rstrip("/") + "/v3/auth/tokens", json=auth, timeout=30)
    headers = {"X-Auth-Token": issued.headers["X-Subject-Token"]}
    r = httpx.post(compute_url(demo) + "/os-assisted-volume-snapshots", json=body, headers=headers, timeout=30)
    assert r.status_code == 200, r.text


def test_what_nova_refuses(attached: tuple[Any, str, str], openstack_connection: Any) -> None:
    demo, _, volume_id = attached
    admin = openstack_connection
    free = demo.block_storage.create_volume(size=1, name="free")
    demo.block_storage.wait_for_status(free, "available", interval=0.1, wait=20)
    r = nova(admin, "POST", "/os-assisted-volume-snapshots",
             json={"snapshot": {"volume_id": free.id, "create_info": INFO}})
    assert r.status_code == 400
    assert r.json()["badRequest"]["message"] == f"No volume Block Device Mapping with id {free.id}."
    r = nova(admin, "POST", "/os-assisted-volume-snapshots",
             json={"snapshot": {"volume_id": volume_id, "create_info": {**INFO, "type": "raw"}}})
    assert r.status_code == 400 and "raw" in r.json()["badRequest"]["message"]
    r = nova(admin, "DELETE", "/os-assisted-volume-snapshots/x")
    assert r.status_code == 400 and r.json()["badRequest"]["message"] == "'delete_info'"
    r = nova(admin, "DELETE", "/os-assisted-volume-snapshots/x", params={"delete_info": "{not json"})
    assert r.status_code == 400
    assert _delete(admin, "x", free.id).status_code == 400
    r = nova(admin, "DELETE", "/os-assisted-volume-snapshots/x", "2.75",
             params={"delete_info": json.dumps({"volume_id": volume_id}), "other": "1"})
    assert r.status_code == 400 and "'other' was unexpected" in r.json()["badRequest"]["message"]
