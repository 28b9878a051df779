"""Which network a server that names none lands on (Nova's _get_available_networks): the project's own
networks, external ones included, and those shared with it. DevStack's admin owns `public`, so an admin
boot without a network goes on `public` alone, and is ambiguous beside any network the admin made; it
never lands silently on a network another test is about to delete (OSC's functional suite, in parallel:
test_server_create_with_empty_network_option_latest's server took test_network_trunk_list's network,
whose delete then answered 409 NetworkInUse)."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from tests.compute.helpers import nova, wait_status
from tests.conftest import openstack_cli

pytestmark = pytest.mark.skipif(importlib.util.find_spec("twinstack.compute.provider") is None,
                                reason="compute is not part of this build")


def _server_body(conn: Any, name: str, **server: Any) -> dict[str, Any]:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk", ignore_missing=False)
    flavor = conn.compute.find_flavor("m1.tiny", ignore_missing=False)
    return {"server": {"name": name, "imageRef": image.id, "flavorRef": flavor.id, **server}}


def test_admin_boot_naming_no_network_is_public_or_ambiguous_never_a_new_network(cloud: Any, admin: Any) -> None:
    public = admin.network.find_network("public", ignore_missing=False)
    # as OSC sends it at 2.37 with no --nic ("auto"): the admin's one network of its own is `public`
    alone = openstack_cli(cloud, "--os-compute-api-version", "2.37", "server", "create", "--flavor", "m1.tiny",
                          "--image", "cirros-0.6.3-x86_64-disk", "vm-auto", "-f", "json")
    wait_status(admin, alone["id"], "ACTIVE")
    assert {p.network_id for p in admin.network.ports(device_id=alone["id"])} == {public.id}
    assert admin.network.find_network("auto_allocated_network") is None  # nothing to auto-allocate

    net = admin.network.create_network(name="trunk-test-net")
    admin.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.0.0.0/24")
    for requested in ({"networks": "auto"}, {}):  # 2.37's "auto", and an older microversion's nothing
        version = "2.37" if requested else "2.36"
        refused = nova(admin, "POST", "/servers", version, json=_server_body(admin, "vm-x", **requested))
        assert refused.status_code == 409, refused.text
        assert "Multiple possible networks found" in refused.json()["conflictingRequest"]["message"]
    assert not list(admin.network.ports(network_id=net.id))
    admin.network.delete_network(net)  # no port of a stray server holds it


def test_a_project_external_network_of_its_own_is_not_attached_without_the_admin_rule(admin: Any,
                                                                                      alt: Any) -> None:
    """Nova's network:attach_external_network: the only network a non-admin project owns is external
    and not shared, so the build fails (ExternalNetworkAttachForbidden) instead of plugging into it."""
    ext = admin.network.create_network(name="alt-ext", project_id=alt.current_project_id, is_router_external=True)
    admin.network.create_subnet(network_id=ext.id, ip_version=4, cidr="203.0.113.0/24")
    created = nova(alt, "POST", "/servers", "2.36", json=_server_body(alt, "vm-ext"))
    assert created.status_code == 202, created.text
    failed = wait_status(alt, created.json()["server"]["id"], "ERROR")
    assert failed["fault"]["message"].endswith("aborted: Failed to allocate the network(s), not rescheduling.")
    assert not list(admin.network.ports(network_id=ext.id))
