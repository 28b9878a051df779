"""``twinstack up`` as a user meets it: flags and env vars, start-up output, clear one-line errors,
state that survives a restart and a kill -9, a clean stop on SIGTERM, an operator's policy files."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import password_auth
from twinstack.testing import Cloud
from twinstack.testing.cloud import free_port

TWINSTACK = [sys.executable, "-m", "twinstack"]


def _run(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("TWINSTACK_")}
    full_env.update(env or {})
    return subprocess.run([*TWINSTACK, *args], capture_output=True, text=True, timeout=timeout, env=full_env)


def _one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert line.startswith("twinstack: error:") and "\n" not in line, line
    for word in words:
        assert word in line, line


def test_busy_port_is_a_one_line_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        _one_line_error(_run("up", "--port", str(port)), "already in use", str(port))


def test_unreadable_model_is_a_one_line_error(tmp_path: Path) -> None:
    _one_line_error(_run("up", "--port", "0", "--model", str(tmp_path / "missing.yaml")), "missing.yaml")


def test_invalid_model_names_the_place(tmp_path: Path) -> None:
    model = tmp_path / "bad.yaml"
    model.write_text("identity:\n  projects:\n    - {name: a}\n    - {description: no name}\n")
    result = _run("up", "--port", "0", "--model", str(model))
    _one_line_error(result, "identity.projects[1].name")
    validate = _run("model", "validate", str(model))
    assert validate.returncode == 1 and "identity.projects[1].name: Field required" in validate.stderr


def test_model_reference_errors_are_reported(tmp_path: Path) -> None:
    model = tmp_path / "ref.yaml"
    model.write_text("identity:\n  assignments:\n    - {role: member, user: ghost, project: demo}\n")
    _one_line_error(_run("up", "--port", "0", "--model", str(model)), "identity.assignments[", "].user", "ghost")


def test_bad_state_dir_is_a_one_line_error(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    _one_line_error(_run("up", "--port", "0", "--state-dir", str(not_a_dir / "sub")), "state dir")


def test_env_vars_start_output_and_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWINSTACK_")}
    env.update({"TWINSTACK_PORT": str(port), "TWINSTACK_LOG_LEVEL": "info"})
    proc = subprocess.Popen([*TWINSTACK, "up"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        Cloud(url=url).wait_ready()
        response = httpx.get(f"{url}/identity/v3")
        request_id = response.headers["x-openstack-request-id"]
        yaml_text = _run("clouds-yaml", "--url", url).stdout
        assert "twinstack-admin" in yaml_text and f"{url}/identity" in yaml_text
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert f"export OS_AUTH_URL={url}/identity/v3" in out
    assert "clouds:" in out and "twinstack-admin:" in out
    state = out.split("(state: ")[1].split(")")[0]
    assert not Path(state).exists(), "the temporary state dir is removed at exit"
    assert any(request_id in line and "GET /identity/v3 200" in line for line in err.splitlines())


def test_state_dir_survives_kill_9(tmp_path: Path) -> None:
    state = tmp_path / "state"
    with Cloud(extra_args=["--state-dir", str(state)]) as first:
        demo = httpx.post(f"{first.url}/identity/v3/auth/tokens", json=password_auth("demo", "demo", "demo"))
        token = demo.headers["X-Subject-Token"]
        admin = httpx.post(f"{first.url}/identity/v3/auth/tokens", json=password_auth("admin", "admin", "admin"))
        revoked = httpx.delete(f"{first.url}/identity/v3/auth/tokens",
                               headers={"X-Auth-Token": admin.headers["X-Subject-Token"], "X-Subject-Token": token})
        assert revoked.status_code == 204
        assert first.process is not None
        first.process.send_signal(signal.SIGKILL)  # right after the 2xx
        first.process.wait()
        first.process = None
    assert (state / "twinstack.db").exists()
    with Cloud(extra_args=["--state-dir", str(state)]) as second:
        check = httpx.get(f"{second.url}/identity/v3/auth/projects", headers={"X-Auth-Token": token})
        assert check.status_code == 401, "the revocation survived the kill"
        fresh = httpx.post(f"{second.url}/identity/v3/auth/tokens", json=password_auth("demo", "demo", "demo"))
        assert fresh.status_code == 201
        # the new cloud's catalog points at its own port
        assert second.url in fresh.text


def test_policy_dir_overrides_a_default(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text('"identity:validate_token": "!"\n')
    with Cloud(extra_args=["--policy-dir", str(tmp_path)]) as cloud:
        admin = httpx.post(f"{cloud.url}/identity/v3/auth/tokens", json=password_auth("admin", "admin", "admin"))
        token = admin.headers["X-Subject-Token"]
        response = httpx.get(f"{cloud.url}/identity/v3/auth/tokens",
                             headers={"X-Auth-Token": token, "X-Subject-Token": token})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == 403


@pytest.mark.parametrize("layer", ["inherit", "replace"])
def test_models_layer(tmp_path: Path, layer: str) -> None:
    extra = tmp_path / "extra.yaml"
    lines = ["identity:", "  users:", "    - {name: demo, password: changed, default_project: demo}"]
    extra.write_text("\n".join(lines) + "\n")
    with Cloud(model=str(extra)) as cloud:
        old = httpx.post(f"{cloud.url}/identity/v3/auth/tokens", json=password_auth("demo", "demo", "demo"))
        new = httpx.post(f"{cloud.url}/identity/v3/auth/tokens", json=password_auth("demo", "changed", "demo"))
        assert (old.status_code, new.status_code) == (401, 201)


def test_startup_is_fast() -> None:
    """Not a timing assert: records the start-up time so a regression shows in the log."""
    started = time.perf_counter()
    with Cloud():
        elapsed = time.perf_counter() - started
    print(f"start-up to ready (incl. interpreter start): {elapsed:.2f}s")
