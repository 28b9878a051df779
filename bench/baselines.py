"""Other servers driven by the same boot/delete loop in the same run, so that twinstack's figures read as
ratios: mimic 2.2.0 (Rackspace's mock: no scheduling, no persistence, the floor of what "fast" can mean)
in its own venv, and, with ``--real-nova``, real Nova 34 + Placement 16 on Nova's functional fixtures
(the differential harness's runner and venv, ``make differential`` builds it)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from bench.client import Run, drive
from bench.scenarios import cycle_work

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".bench"
MIMIC_VENV = STATE / "mimic-venv"
MIMIC_PINS = Path(__file__).parent / "requirements-mimic.txt"
DIFFERENTIAL_PYTHON = ROOT / ".differential" / "venv" / "bin" / "python"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mimic_venv() -> Path:
    stamp = MIMIC_VENV / ".installed"
    if not stamp.exists() or stamp.read_text() != MIMIC_PINS.read_text():
        subprocess.run([sys.executable, "-m", "venv", str(MIMIC_VENV)], check=True)
        subprocess.run([str(MIMIC_VENV / "bin" / "pip"), "install", "--quiet", "-r", str(MIMIC_PINS)], check=True)
        stamp.write_text(MIMIC_PINS.read_text())
    return MIMIC_VENV / "bin" / "twistd"


@dataclass
class Baseline:
    """A running server the load loop can drive: its origin, process, and how to boot on it."""

    name: str
    process: subprocess.Popen[bytes]
    url: str
    servers: str  # the servers collection's path on that origin
    headers: dict[str, str]
    server_body: dict[str, Any]

    @property
    def pid(self) -> int:
        return self.process.pid

    def boot_cycle(self, clients: int, iterations: int, poll: float = 0.05) -> Run:
        counter = iter(range(10**9))

        def body() -> dict[str, Any]:
            return {**self.server_body, "name": f"bench-{next(counter)}"}

        return drive(self, cycle_work(self.servers, body, self.headers, poll), clients, iterations=iterations)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_mimic() -> Baseline:
    twistd = _mimic_venv()
    port = _free_port()
    log = open(STATE / "mimic.log", "wb")  # noqa: SIM115 - the server's log, open while it runs
    proc = subprocess.Popen([str(twistd), "-n", "--pidfile=", "mimic", "--listen", f"tcp:{port}:interface=127.0.0.1"],
                            cwd=STATE, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    auth = {"auth": {"passwordCredentials": {"username": "bench", "password": "bench"}, "tenantName": "bench"}}
    deadline = time.monotonic() + 60
    while True:
        try:
            access = httpx.post(f"{url}/identity/v2.0/tokens", json=auth).json()["access"]
            break
        except httpx.TransportError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError(f"mimic did not start: {(STATE / 'mimic.log').read_text()[-2000:]}") from None
            time.sleep(0.2)
    nova = next(s for s in access["serviceCatalog"] if s["name"] == "cloudServersOpenStack")
    servers = urlsplit(nova["endpoints"][0]["publicURL"]).path + "/servers"
    return Baseline("mimic 2.2.0", proc, url, servers, {"X-Auth-Token": access["token"]["id"]},
                    {"imageRef": "cirros", "flavorRef": "2"})


def start_real_nova() -> Baseline:
    """Nova 34 + Placement 16 in one process (Nova's functional fixtures, the fake virt driver)."""
    if not DIFFERENTIAL_PYTHON.exists():
        raise RuntimeError("real Nova needs the differential venv: run `make differential` once")
    STATE.mkdir(exist_ok=True)
    log = open(STATE / "nova.log", "wb")  # noqa: SIM115 - the server's log, open while it runs
    proc = subprocess.Popen([str(DIFFERENTIAL_PYTHON), "-m", "differential.real.nova"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=log,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(STATE)})
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        raise RuntimeError(f"real Nova did not start: {(STATE / 'nova.log').read_text()[-2000:]}")
    info = json.loads(line)
    split = urlsplit(info["nova_url"])
    headers = {"X-Auth-User": "fake", "X-User-Id": "fake", "X-Auth-Project-Id": info["project_id"],
               "X-Roles": "reader,member", "OpenStack-API-Version": "compute 2.72"}
    body = {"imageRef": info["image_id"], "flavorRef": "1", "networks": [{"uuid": info["network_id"]}]}
    return Baseline(f"Nova {info['nova']} + Placement {info['placement']}", proc,
                    f"{split.scheme}://{split.netloc}", split.path.rstrip("/") + "/servers", headers, body)


def boot_baselines(cycles: list[tuple[int, int]], real_nova: bool, log: Any) -> dict[str, Any]:
    """The boot/delete loop at each (clients, iterations) on each baseline, figures keyed like twinstack's."""
    STATE.mkdir(exist_ok=True)
    starters = [start_mimic] + ([start_real_nova] if real_nova else [])
    results: dict[str, Any] = {}
    for start in starters:
        baseline = start()
        try:
            figures = {}
            for clients, iterations in cycles:
                log(f"{baseline.name}: boot/delete cycle at {clients} clients")
                run = baseline.boot_cycle(clients, iterations)
                figures[str(clients)] = {
                    "servers_per_s": round(iterations / run.seconds, 2) if run.seconds else 0,
                    "cpu_ms_per_cycle": round(1000 * run.cpu / iterations, 2),
                    "cpu_ms_per_request": round(run.cpu_ms_per_request, 3),
                    "p50_ms": round(run.p50, 2), "errors": run.errors,
                }
            results[baseline.name] = figures
        finally:
            baseline.stop()
    return results
