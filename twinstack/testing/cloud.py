"""``with Cloud(model=...) as c:`` starts a real twinstack server in a subprocess on a free port,
waits for ``/_twinstack/health``, and stops it on exit. Or attaches to a running one (``url=``)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import yaml


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cloud:
    def __init__(self, model: str | list[str] | None = None, url: str | None = None,
                 extra_args: list[str] | None = None, env: dict[str, str] | None = None,
                 startup_timeout: float = 30.0) -> None:
        self.models = [model] if isinstance(model, str) else list(model or [])
        self.url = url.rstrip("/") if url else None
        self.extra_args = extra_args or []
        self.env = env or {}
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self._dir = tempfile.mkdtemp(prefix="twinstack-test-")
        self.log_path = Path(self._dir) / "server.log"

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> Cloud:
        if self.url is None:
            port = free_port()
            self.url = f"http://127.0.0.1:{port}"
            args = [sys.executable, "-m", "twinstack", "up", "--port", str(port), "--log-level",
                    os.environ.get("TWINSTACK_TEST_LOG_LEVEL", "warning")]
            for model in self.models:
                args += ["--model", model]
            env = {k: v for k, v in os.environ.items() if not k.startswith("TWINSTACK_")}
            env.update(self.env)
            log = open(self.log_path, "wb")  # noqa: SIM115 - the server's log, open while it runs
            self.process = subprocess.Popen(args + self.extra_args, stdout=log, stderr=subprocess.STDOUT, env=env)
        # one client for the polls and the clouds.yaml: a new one per call (httpx.get) costs ~20 ms of CPU
        # (its TLS context), taken from the server starting beside it on a small machine
        with httpx.Client() as http:
            self.wait_ready(http)
            self.clouds_yaml_path.write_text(self.clouds_yaml(http))
        return self

    def wait_ready(self, http: httpx.Client | None = None) -> None:
        """Poll /_twinstack/health until it answers 200. The server binds its port before it loads the
        cloud, so once a connection is accepted the request simply waits for the first answer."""
        if http is None:
            with httpx.Client() as own:
                self.wait_ready(own)
            return
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"twinstack exited with {self.process.returncode}:\n{self.log_path.read_text()}")
            try:
                if http.get(f"{self.url}/_twinstack/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.01)
        raise RuntimeError(f"twinstack at {self.url} was not ready in {self.startup_timeout}s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def __enter__(self) -> Cloud:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- what tests use -------------------------------------------------------------------
    @property
    def clouds_yaml_path(self) -> Path:
        return Path(self._dir) / "clouds.yaml"

    def clouds_yaml(self, http: httpx.Client | None = None) -> str:
        response = (http.get if http is not None else httpx.get)(f"{self.url}/_twinstack/clouds.yaml", timeout=5)
        response.raise_for_status()
        return response.text

    def cloud_config(self, name: str = "twinstack-admin") -> dict[str, Any]:
        return dict(yaml.safe_load(self.clouds_yaml_path.read_text())["clouds"][name])

    def connect(self, name: str = "twinstack-admin", **kwargs: Any) -> Any:
        """An openstacksdk Connection as one of the clouds.yaml users."""
        import openstack

        config = self.cloud_config(name)
        return openstack.connect(**config["auth"], region_name=config["region_name"],
                                 identity_api_version="3", **kwargs)

    def reset(self) -> float:
        response = httpx.post(f"{self.url}/_twinstack/reset", timeout=30)
        response.raise_for_status()
        return float(response.json()["seconds"])

    def journal(self, **filters: Any) -> list[dict[str, Any]]:
        """The request journal, filtered (service=, user_name=, operation=, status=, since=, ...)."""
        response = httpx.get(f"{self.url}/_twinstack/journal", params=filters, timeout=30)
        response.raise_for_status()
        return list(response.json()["entries"])

    def advance_clock(self, seconds: float) -> None:
        response = httpx.post(f"{self.url}/_twinstack/clock/advance", json={"seconds": seconds}, timeout=30)
        response.raise_for_status()

    def set_clock(self, mode: str) -> None:
        httpx.put(f"{self.url}/_twinstack/clock", json={"mode": mode}, timeout=30).raise_for_status()

    def cli_env(self, name: str = "twinstack-admin") -> dict[str, str]:
        """Environment for running the ``openstack`` CLI against this cloud."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        env["OS_CLIENT_CONFIG_FILE"] = str(self.clouds_yaml_path)
        env["OS_CLOUD"] = name
        return env
