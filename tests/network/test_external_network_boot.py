"""A server on an external network (Nova's network:attach_external_network, admin only by default): Nova's
allocate_for_instance checks it for every network a port is made on, so a non-admin that names DevStack's
`public` (external, admin's, not shared) gets a server in ERROR (the build is aborted, no port is left),
while an admin gets one on `public`. The API answers 202 either way: Nova's validate_networks does not
check the rule, the build does."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from tests.compute.helpers import nova, wait_status

pytestmark = pytest.mark.skipif(importlib.util.find_spec("twinstack.compute.provider") is None,
                                reason="compute is not part of this build")


def _boot(conn: Any, name: str, network_id: str) -> str:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk", ignore_missing=False)
    flavor = conn.compute.find_flavor("m1.tiny", ignore_missing=False)
    body = {"server": {"name": name, "imageRef": image.id, "flavorRef": flavor.id,
                       "networks": [{"uuid": network_id}]}}
    created = nova(conn, "POST", "/servers", "2.37", json=body)
    assert created.status_code == 202, created.text
    return str(created.json()["server"]["id"])


def test_a_non_admin_naming_an_external_network_gets_no_port_on_it(admin: Any, demo: Any) -> None:
    public = admin.network.find_network("public", ignore_missing=False)
    server_id = _boot(demo, "vm-on-public", public.id)
    failed = wait_status(demo, server_id, "ERROR")
    # Nova's _build_and_run_instance words ExternalNetworkAttachForbidden itself
    assert failed["fault"]["message"] == (
        f"Build of instance {server_id} aborted: Failed to allocate the network(s), not rescheduling.")
    assert not list(admin.network.ports(device_id=server_id))


def test_an_admin_may_name_an_external_network(admin: Any) -> None:
    public = admin.network.find_network("public", ignore_missing=False)
    server_id = _boot(admin, "vm-admin-public", public.id)
    wait_status(admin, server_id, "ACTIVE")
    assert {p.network_id for p in admin.network.ports(device_id=server_id)} == {public.id}


def test_a_shared_external_network_is_open_to_every_project(admin: Any, demo: Any) -> None:
    shared = admin.network.create_network(name="ext-shared", is_router_external=True, is_shared=True)
    admin.network.create_subnet(network_id=shared.id, ip_version=4, cidr="198.51.100.0/24")
    server_id = _boot(demo, "vm-on-shared-ext", shared.id)
    wait_status(demo, server_id, "ACTIVE")
    assert {p.network_id for p in admin.network.ports(device_id=server_id)} == {shared.id}
