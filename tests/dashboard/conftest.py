"""The real Horizon against a twinstack of its own, driven by Debian's chromium through Playwright.

Skips, with the reason, where chromium or Playwright is absent. Horizon's venv (.dashboard/venv, pinned in
dashboard/requirements.txt) is built here on first use, as `make dashboard` builds it (under a minute with
a warm pip cache); where it cannot be built the tests skip, except under CI, where that is a failure."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from twinstack import horizon
from twinstack.testing import Cloud
from twinstack.testing.cloud import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "images"


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def horizon_python() -> Path:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the [test] extra pins it)")
    venv_dir = horizon.REPO_ROOT / horizon.DEFAULT_VENV
    venv_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        # one builder at a time (pytest-xdist workers each ask)
        with open(venv_dir.parent / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return horizon.prepare(venv_dir, echo=lambda line: print(line, file=sys.stderr))
    except horizon.DashboardError as exc:
        _skip_or_fail(f"Horizon's venv could not be built in {venv_dir}: {exc}")
        raise


@pytest.fixture(scope="package")
def dashboard_cloud(horizon_python: Path) -> Iterator[Cloud]:
    """A cloud for the browser tests alone: what they create shows in no other test's lists."""
    with Cloud() as cloud:
        yield cloud


@pytest.fixture(scope="package")
def dashboard(horizon_python: Path, dashboard_cloud: Cloud, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`twinstack dashboard` itself, as a user runs it: the URL it prints is where the browser goes."""
    log_path = tmp_path_factory.mktemp("horizon") / "dashboard.log"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWINSTACK_")}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "twinstack", "dashboard", "--url", str(dashboard_cloud.url), "--port", str(port),
             "--venv", str(horizon_python.parent.parent)], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 90
        url = None
        while url is None and time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"twinstack dashboard exited with {process.returncode}:\n{log_path.read_text()}")
            found = re.search(r"^Horizon \S+ for the cloud at \S+: (http://\S+)$", log_path.read_text(), re.M)
            url = found.group(1).rstrip("/") if found else None
            time.sleep(0.1)
        assert url, f"twinstack dashboard printed no URL:\n{log_path.read_text()}"
        printed = log_path.read_text()
        assert re.search(r"^\s+demo\s+password demo\s+project demo$", printed, re.M), printed
        assert re.search(r"^\s+admin\s+password admin\s+project admin$", printed, re.M), printed
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="package")
def browser(horizon_python: Path) -> Iterator[Any]:
    """Package-scoped, not session: while Playwright's sync API is open the thread has a running event loop,
    and later tests' ``asyncio.run()`` would refuse to start."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Debian's chromium, never a browser Playwright downloads
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


class Horizon:
    """One browser context, logged in: the steps a person takes, and screenshots when asked for."""

    def __init__(self, page: Any, url: str) -> None:
        self.page = page
        self.url = url

    def login(self, user: str, password: str) -> None:
        self.page.goto(f"{self.url}/auth/login/")
        self.page.fill("#id_username", user)
        self.page.fill("#id_password", password)
        self.page.click("#loginBtn")
        self.page.wait_for_load_state("networkidle")

    def go(self, path: str) -> None:
        self.page.goto(f"{self.url}{path}")
        self.page.wait_for_load_state("networkidle")

    def submit_modal(self, label: str) -> None:
        """A Django modal form's submit, then the page it redirects to."""
        self.page.click(f".modal-footer [type=submit][value='{label}'], "
                        f".modal-footer button[type=submit]:has-text('{label}')")
        self.page.wait_for_load_state("networkidle")

    def select(self, selector: str, **option: Any) -> None:
        # Horizon themes its <select>s: the real one is hidden behind a dropdown
        self.page.wait_for_selector(selector, state="attached")
        self.page.select_option(selector, force=True, **option)

    def screenshot(self, name: str) -> None:
        if os.environ.get("TWINSTACK_SCREENSHOTS") == "1":
            SHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SHOTS / f"horizon-{name}.png"))


def new_horizon(browser: Any, url: str, state: Any = None) -> Horizon:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, storage_state=state)
    context.set_default_timeout(30_000)
    return Horizon(context.new_page(), url)


@pytest.fixture(scope="package")
def demo_session(browser: Any, dashboard: str) -> Any:
    """demo's Horizon session (its cookies), logged in once: each test opens it in a context of its own."""
    ui = new_horizon(browser, dashboard)
    ui.login("demo", "demo")
    state = ui.page.context.storage_state()
    ui.page.context.close()
    return state


@pytest.fixture
def demo(browser: Any, dashboard: str, demo_session: Any) -> Iterator[Horizon]:
    ui = new_horizon(browser, dashboard, demo_session)
    yield ui
    ui.page.context.close()
