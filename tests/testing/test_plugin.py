"""The pytest plugin as its users meet it: fixtures, the model marker, faults cleared after a test,
and the CLI commands that drive a running cloud's control plane."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import yaml

from tests.conftest import password_auth
from twinstack.testing import Cloud

TWINSTACK = [sys.executable, "-m", "twinstack"]


@pytest.mark.twinstack_model("models/extra_user.yaml")
def test_marker_gives_a_cloud_with_that_model(cloud: Cloud, twinstack_cloud: Cloud) -> None:
    assert cloud.url != twinstack_cloud.url
    response = httpx.post(f"{cloud.url}/identity/v3/auth/tokens", json=password_auth("erin", "erin-pw", "demo"))
    assert response.status_code == 201


def test_session_cloud_has_no_such_user(twinstack_cloud: Cloud) -> None:
    response = httpx.post(
        f"{twinstack_cloud.url}/identity/v3/auth/tokens", json=password_auth("erin", "erin-pw", "demo")
    )
    assert response.status_code == 401


def test_connections_and_clouds_yaml(openstack_connection, demo_connection, clouds_yaml: str) -> None:
    assert openstack_connection.current_project.name == "admin"
    assert demo_connection.current_project.name == "demo"
    assert "twinstack-admin" in yaml.safe_load(Path(clouds_yaml).read_text())["clouds"]


def test_faults_fixture_counts_and_cleans(twinstack_faults, twinstack_cloud: Cloud) -> None:
    rule = twinstack_faults.add(match={"path": "/v3/auth/catalog"}, action={"status": 500})
    conn = twinstack_cloud.connect("twinstack")
    token = conn.session.get_token()
    response = httpx.get(f"{twinstack_cloud.url}/identity/v3/auth/catalog", headers={"X-Auth-Token": token})
    assert response.status_code == 500
    assert twinstack_faults.fired(rule["id"]) == 1


def test_faults_from_the_previous_test_are_gone(twinstack_cloud: Cloud) -> None:
    assert httpx.get(f"{twinstack_cloud.url}/_twinstack/faults").json()["faults"] == []


def test_cli_fault_snapshot_reset_journal(cloud: Cloud) -> None:
    url = str(cloud.url)
    run = lambda *a: subprocess.run([*TWINSTACK, *a], capture_output=True, text=True, timeout=60)  # noqa: E731
    added = run("fault", "add", "--url", url, "--path", "/v3/auth/domains", "--status", "503", "--retry-after", "3")
    assert added.returncode == 0 and added.stdout.startswith("added fault-"), added.stderr
    listed = run("fault", "list", "--url", url, "--json")
    assert json.loads(listed.stdout)[0]["action"]["retry_after"] == 3
    bad = run("fault", "add", "--url", url, "--status", "200")
    assert bad.returncode == 1 and "twinstack: error:" in bad.stderr and "Traceback" not in bad.stderr
    assert run("fault", "clear", "--url", url).returncode == 0
    assert run("snapshot", "save", "--url", url, "s1").returncode == 0
    assert "s1" in run("snapshot", "list", "--url", url).stdout
    assert run("snapshot", "load", "--url", url, "s1").stdout.startswith("loaded s1")
    missing = run("snapshot", "load", "--url", url, "nope")
    assert missing.returncode == 1 and "No snapshot named nope" in missing.stderr
    assert run("reset", "--url", url).stdout.startswith("reset in")
    clock = run("clock", "advance", "--url", url, "5")
    assert clock.returncode == 1 and "real time" in clock.stderr


def test_cli_model_schema_and_apply(cloud: Cloud, tmp_path: Path) -> None:
    schema = json.loads(
        subprocess.run([*TWINSTACK, "model", "schema"], capture_output=True, text=True, timeout=60).stdout
    )
    assert "identity" in schema["properties"] and "compute" in schema["properties"]
    extra = Path(__file__).parent / "models" / "extra_user.yaml"
    applied = subprocess.run(
        [*TWINSTACK, "model", "apply", "--url", str(cloud.url), str(extra)], capture_output=True, text=True, timeout=60
    )
    assert applied.returncode == 0, applied.stderr
    assert (
        httpx.post(f"{cloud.url}/identity/v3/auth/tokens", json=password_auth("erin", "erin-pw", "demo")).status_code
        == 201
    )
