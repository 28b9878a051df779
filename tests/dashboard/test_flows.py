"""The flows a person tries first in Horizon, each checked in the page and through openstacksdk."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dashboard.conftest import Horizon, new_horizon
from twinstack.testing import Cloud

# collected everywhere, run where Playwright is installed (the [test] extra pins it)
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def sdk(cloud: Cloud) -> Any:
    return cloud.connect("twinstack")


def test_login_as_demo_shows_the_project_overview(browser: Any, dashboard: str) -> None:
    demo = new_horizon(browser, dashboard)
    demo.go("/")
    assert "/auth/login/" in demo.page.url
    demo.screenshot("login")
    demo.login("demo", "demo")
    assert demo.page.url.endswith("/project/")
    expect(demo.page.locator("h1")).to_contain_text("Overview")
    # the limit summary is read from Nova, Cinder and Neutron: each pie is there
    for label in ("Instances", "Volumes", "Networks", "Routers"):
        expect(demo.page.locator(".quota_title", has_text=label).first).to_be_visible()
    expect(demo.page.locator(".alert-danger")).to_have_count(0)
    demo.screenshot("overview")
    demo.page.context.close()


def test_launch_instance_on_the_default_network_goes_active(demo: Horizon, dashboard_cloud: Cloud) -> None:
    page = demo.page
    demo.go("/project/instances/")
    page.click("a:has-text('Launch Instance')")
    page.fill("input[name=name]", "web-1")
    page.click(".wizard-nav a:has-text('Source')")
    page.click("label.btn:has-text('No') >> nth=0")  # Create New Volume: no, boot from the image
    page.click("tr:has-text('cirros') button.fa-arrow-up")
    page.click(".wizard-nav a:has-text('Flavor')")
    page.click("tr:has-text('m1.tiny') button.fa-arrow-up")
    page.click(".wizard-nav a:has-text('Networks')")
    # the project's one network is allocated already, as Horizon does when there is only one
    expect(page.locator(".modal tr:visible", has_text="private-subnet").first).to_be_visible()
    demo.screenshot("launch-instance")
    page.click(".modal-footer button:has-text('Launch Instance')")
    row = page.locator("#instances tr:has-text('web-1')")
    expect(row).to_contain_text("Active", timeout=30_000)
    expect(row).to_contain_text("10.0.0.")
    demo.screenshot("instances")
    server = sdk(dashboard_cloud).compute.find_server("web-1")
    assert server.status == "ACTIVE"
    assert list(server.addresses) == ["private"]


def test_create_volume_and_attach_it(demo: Horizon, dashboard_cloud: Cloud) -> None:
    conn = sdk(dashboard_cloud)
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    flavor = conn.compute.find_flavor("m1.tiny")
    server = conn.compute.create_server(name="db-1", image_id=image.id, flavor_id=flavor.id,
                                        networks=[{"uuid": conn.network.find_network("private").id}])
    conn.compute.wait_for_server(server, wait=30)
    page = demo.page
    demo.go("/project/volumes/")
    page.click("a:has-text('Create Volume')")
    page.fill("#id_name", "data-1")
    page.fill("#id_size", "1")
    demo.submit_modal("Create Volume")
    row = page.locator("#volumes tr:has-text('data-1')")
    expect(row).to_contain_text("Available", timeout=30_000)
    row.locator(".dropdown-toggle").click()
    row.locator("a:has-text('Manage Attachments')").click()
    demo.select("#id_instance", label=f"db-1 ({server.id})")
    demo.screenshot("attach-volume")
    demo.submit_modal("Attach Volume")
    expect(row).to_contain_text("In-use", timeout=30_000)
    expect(row).to_contain_text("on db-1")
    demo.screenshot("volumes")
    volume = conn.block_storage.find_volume("data-1")
    assert [a["server_id"] for a in volume.attachments] == [server.id]


def test_create_network_subnet_router_and_interface(demo: Horizon, dashboard_cloud: Cloud) -> None:
    page = demo.page
    demo.go("/project/networks/")
    page.click("a:has-text('Create Network')")
    page.fill("#id_net_name", "backend")
    page.click(".modal-footer button:has-text('Next')")
    page.fill("#id_subnet_name", "backend-v4")
    page.fill("#id_cidr", "192.168.50.0/24")
    page.click(".modal-footer button:has-text('Next')")
    page.click(".modal-footer button:has-text('Create')")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#networks tr:has-text('backend')")).to_contain_text("192.168.50.0/24")

    demo.go("/project/routers/")
    page.click("a:has-text('Create Router')")
    page.fill("#id_name", "edge")
    demo.select("#id_external_network", label="public")
    demo.submit_modal("Create Router")
    expect(page.locator("#routers tr:has-text('edge')")).to_contain_text("public")
    page.click("#routers a:has-text('edge')")
    page.click("a:has-text('Interfaces')")
    page.click("a:has-text('Add Interface')")
    demo.select("#id_subnet_id", label="backend: 192.168.50.0/24 (backend-v4)")
    demo.submit_modal("Submit")
    expect(page.locator("#interfaces tr", has_text="192.168.50.1")).to_contain_text("Internal Interface")
    demo.screenshot("router-interfaces")
    demo.go("/project/network_topology/")
    demo.screenshot("network-topology")

    conn = sdk(dashboard_cloud)
    router = conn.network.find_router("edge")
    subnet = conn.network.find_subnet("backend-v4")
    ports = list(conn.network.ports(device_id=router.id, device_owner="network:router_interface"))
    assert [p.fixed_ips[0]["subnet_id"] for p in ports] == [subnet.id]
    assert router.external_gateway_info["network_id"] == conn.network.find_network("public").id
