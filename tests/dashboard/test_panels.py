"""Horizon's panels as admin, against the cloud's request journal: each page renders with no error message
and makes no request that twinstack answers with a 5xx. A handful by default; every panel in the sidebar
with TWINSTACK_DASHBOARD_SWEEP=1 (the sweep behind docs/dashboard.md's panel table)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.dashboard.conftest import Horizon, new_horizon
from twinstack.testing import Cloud

# collected everywhere, run where Playwright is installed (the [test] extra pins it)
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

SAMPLE = ["/admin/", "/admin/hypervisors/", "/admin/instances/", "/admin/info/", "/identity/users/"]


@pytest.fixture(scope="module")
def admin(browser: Any, dashboard: str) -> Iterator[Horizon]:
    ui = new_horizon(browser, dashboard)
    ui.login("admin", "admin")
    yield ui
    ui.page.context.close()


def last_entry(cloud: Cloud) -> int:
    entries = httpx.get(f"{cloud.url}/_twinstack/journal", params={"limit": 1}).json()["entries"]
    return int(entries[-1]["id"]) if entries else 0


def server_errors(cloud: Cloud, since: int) -> list[str]:
    entries = httpx.get(f"{cloud.url}/_twinstack/journal", params={"since": since}).json()["entries"]
    return [f"{e['status']} {e['method']} {e['path']}" for e in entries if e["status"] >= 500]


def check_panel(admin: Horizon, cloud: Cloud, path: str) -> None:
    since = last_entry(cloud)
    response = admin.page.goto(f"{admin.url}{path}")
    admin.page.wait_for_load_state("networkidle")
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    expect(admin.page.locator(".alert-danger")).to_have_count(0)
    assert not server_errors(cloud, since), f"{path}: {server_errors(cloud, since)}"


def test_admin_panels_render(admin: Horizon, dashboard_cloud: Cloud) -> None:
    for path in SAMPLE:
        check_panel(admin, dashboard_cloud, path)
        if path == "/admin/hypervisors/":
            admin.screenshot("admin-hypervisors")
        if path == "/admin/info/":
            admin.screenshot("admin-system-information")


@pytest.mark.skipif(os.environ.get("TWINSTACK_DASHBOARD_SWEEP") != "1", reason="the whole sidebar: set "
                    "TWINSTACK_DASHBOARD_SWEEP=1 (about a minute)")
def test_every_panel_in_the_sidebar_renders(admin: Horizon, dashboard_cloud: Cloud) -> None:
    admin.go("/project/")
    panels = admin.page.eval_on_selector_all("#sidebar a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
    assert len(panels) > 40, panels
    for path in panels:
        check_panel(admin, dashboard_cloud, path)
