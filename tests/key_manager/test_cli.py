"""``openstack secret store/get/list/delete`` (python-barbicanclient's OSC plugin), as a DevStack user
would type them."""

from __future__ import annotations

from tests.conftest import openstack_cli
from twinstack.testing import Cloud


def test_secret_store_get_list_delete(cloud: Cloud) -> None:
    stored = openstack_cli(cloud, "secret", "store", "--name", "db-pw", "--payload", "hunter2", "-f", "json",
                           user="twinstack")
    href = stored["Secret href"]
    assert "/key-manager/v1/secrets/" in href and stored["Secret type"] == "opaque"
    shown = openstack_cli(cloud, "secret", "get", href, "-f", "json", user="twinstack")
    assert shown["Name"] == "db-pw" and shown["Status"] == "ACTIVE"
    assert "default" in shown["Content types"]  # barbicanclient 7 sends text as base64 octet-stream
    payload = openstack_cli(cloud, "secret", "get", href, "--payload", "-f", "json", user="twinstack")
    assert payload["Payload"] == "hunter2"
    listed = openstack_cli(cloud, "secret", "list", "-f", "json", user="twinstack")
    assert [s["Name"] for s in listed] == ["db-pw"]
    openstack_cli(cloud, "secret", "delete", href, user="twinstack")
    assert openstack_cli(cloud, "secret", "list", "-f", "json", user="twinstack") == []
    missing = openstack_cli(cloud, "secret", "get", href, user="twinstack", check=False)
    assert missing.returncode != 0 and "Not Found" in missing.stderr


def test_container_create_and_order(cloud: Cloud) -> None:
    href = openstack_cli(cloud, "secret", "store", "--name", "k", "--payload", "v", "-f", "json",
                         user="twinstack")["Secret href"]
    made = openstack_cli(cloud, "secret", "container", "create", "--name", "box", "--type", "generic",
                         "--secret", f"k={href}", "-f", "json", user="twinstack")
    assert made["Name"] == "box" and "/containers/" in made["Container href"]
    order = openstack_cli(cloud, "secret", "order", "create", "key", "--name", "gen", "--algorithm", "aes",
                          "--bit-length", "256", "--mode", "cbc", "-f", "json", user="twinstack")
    shown = openstack_cli(cloud, "secret", "order", "get", order["Order href"], "-f", "json", user="twinstack")
    assert shown["Status"] == "ACTIVE" and "/secrets/" in shown["Secret href"]
