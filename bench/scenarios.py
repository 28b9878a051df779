"""The measurements of ``make bench``. Each returns plain figures; __main__ sets them side by side
with the same-run baseline and writes docs/benchmarks.md."""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import yaml

from bench.client import Bench, Run, Work, drive, rss_mb
from twinstack.testing import Cloud

MODELS = Path(__file__).parent / "models"


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


# -- baseline ----------------------------------------------------------------------------------
def startup(times: int = 3) -> dict[str, Any]:
    """Wall time from starting `twinstack up` (a new Python process) to /_twinstack/health = 200.

    Bytecode is compiled first, as an installed package has it: with PYTHONDONTWRITEBYTECODE set
    (as in this project's shells) every start would otherwise recompile each module of twinstack."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "twinstack"), quiet=1)
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        cloud = Cloud().start()
        samples.append(time.perf_counter() - started)
        cloud.stop()
    return {"startup_s": _median(samples), "samples": samples}


def trivial(bench: Bench, clients: int = 32, seconds: float = 5.0) -> Run:
    """The ceiling: a version document (no token, no store) through the same server stack."""

    async def work(client: aiohttp.ClientSession) -> int:
        async with client.get("/identity/v3") as response:
            await response.read()
            assert response.status == 200
        return 1

    return drive(bench, work, clients, duration=seconds)


def tokens(bench: Bench, clients: int = 8, seconds: float = 5.0) -> dict[str, Run]:
    from bench.client import password_auth

    body = password_auth("demo", "demo", "demo")

    async def issue(client: aiohttp.ClientSession) -> int:
        async with client.post("/identity/v3/auth/tokens", json=body) as response:
            await response.read()
            assert response.status == 201
        return 1

    async def validate(client: aiohttp.ClientSession) -> int:
        headers = bench.headers(**{"X-Subject-Token": bench.demo_token})
        async with client.get("/identity/v3/auth/tokens", headers=headers) as response:
            await response.read()
            assert response.status == 200
        return 1

    return {"issue": drive(bench, issue, clients, duration=seconds),
            "validate": drive(bench, validate, clients, duration=seconds)}


# -- compute -----------------------------------------------------------------------------------
def _lookup(bench: Bench, path: str, key: str, name: str) -> str:
    response = httpx.get(f"{bench.cloud.url}{path}", headers=bench.headers(), params={"name": name})
    response.raise_for_status()
    items = [i for i in response.json()[key] if i["name"] == name]
    if not items:
        raise RuntimeError(f"{name} not found at {path}")
    return str(items[0]["id"])


def boot_cycle(bench: Bench, clients: int, iterations: int, network: str | None = "bench-net",
               poll: float = 0.05) -> Run:
    """Boot to ACTIVE then delete (zero fake boot time), each client in a loop, with a port on a network."""
    image = _lookup(bench, "/image/v2/images", "images", "cirros-0.6.3-x86_64-disk")
    net = _lookup(bench, "/network/v2.0/networks", "networks", network) if network else None
    headers = bench.headers(bench.demo_token, **{"OpenStack-API-Version": "compute 2.72"})
    counter = iter(range(10**9))

    def body() -> dict[str, Any]:
        return {"name": f"bench-{next(counter)}", "flavorRef": "c1", "imageRef": image,
                "networks": [{"uuid": net}] if net else "none"}

    return drive(bench, cycle_work("/compute/v2.1/servers", body, headers, poll), clients, iterations=iterations)


def cycle_work(servers: str, body: Callable[[], dict[str, Any]], headers: dict[str, str], poll: float) -> Work:
    """One boot/delete cycle as a client sees it, for any Nova-like API: POST, poll until ACTIVE, DELETE, poll
    until 404. The same loop drives twinstack and the baselines, so their figures compare."""

    async def work(client: aiohttp.ClientSession) -> int:
        async with client.post(servers, json={"server": body()}, headers=headers) as response:
            assert response.status == 202, await response.text()
            server_id = (await response.json())["server"]["id"]
        requests = 1
        while True:
            requests += 1
            async with client.get(f"{servers}/{server_id}", headers=headers) as response:
                status = (await response.json())["server"]["status"]
            if status == "ACTIVE":
                break
            assert status != "ERROR", f"server {server_id} went to ERROR"
            await asyncio.sleep(poll)
        requests += 1
        async with client.delete(f"{servers}/{server_id}", headers=headers) as response:
            assert response.status == 204
        while True:
            requests += 1
            async with client.get(f"{servers}/{server_id}", headers=headers) as response:
                await response.read()
                if response.status == 404:
                    return requests
            await asyncio.sleep(poll)

    return work


def fill_servers(bench: Bench, total: int, batch: int = 200) -> None:
    """Create servers up to ``total`` with multi-create (max_count), no network, and wait for ACTIVE."""
    image = _lookup(bench, "/image/v2/images", "images", "cirros-0.6.3-x86_64-disk")
    headers = bench.headers(**{"OpenStack-API-Version": "compute 2.72"})
    existing = _count(bench, "/compute/v2.1/servers", "servers", headers)
    while existing < total:
        n = min(batch, total - existing)
        body = {"server": {"name": "fill", "flavorRef": "c1", "imageRef": image, "networks": "none",
                           "min_count": n, "max_count": n}}
        response = httpx.post(f"{bench.cloud.url}/compute/v2.1/servers", json=body, headers=headers, timeout=600)
        assert response.status_code == 202, response.text
        existing += n
    deadline = time.time() + 900
    while time.time() < deadline:
        response = httpx.get(f"{bench.cloud.url}/compute/v2.1/servers", headers=headers,
                             params={"status": "BUILD", "limit": 1}, timeout=600)
        if not response.json()["servers"]:
            return
        time.sleep(0.5)


def _count(bench: Bench, path: str, key: str, headers: dict[str, str]) -> int:
    return len(httpx.get(f"{bench.cloud.url}{path}", headers=headers, timeout=600).json()[key])


def fill_ports(bench: Bench, total: int, network: str = "bench-net", batch: int = 200) -> None:
    net = _lookup(bench, "/network/v2.0/networks", "networks", network)
    headers = bench.headers()
    existing = _count(bench, "/network/v2.0/ports", "ports", headers)

    async def create(client: aiohttp.ClientSession, i: int) -> None:
        body = {"port": {"network_id": net, "name": f"p{i}"}}
        async with client.post("/network/v2.0/ports", json=body, headers=headers) as response:
            assert response.status == 201, await response.text()

    async def run() -> None:
        async with aiohttp.ClientSession(base_url=bench.cloud.url, timeout=aiohttp.ClientTimeout(total=600)) as client:
            todo = list(range(existing, total))
            for start in range(0, len(todo), batch):
                await asyncio.gather(*(create(client, i) for i in todo[start:start + batch]))

    asyncio.run(run())


def listing(bench: Bench, path: str, headers: dict[str, str], repeats: int = 10) -> dict[str, float]:
    """Median latency (ms) of the first page (limit=100) and of the whole unpaged list."""
    paged, unpaged = [], []
    with httpx.Client(base_url=bench.cloud.url, timeout=600) as client:
        for _ in range(repeats):
            started = time.perf_counter()
            assert client.get(path, params={"limit": 100}, headers=headers).status_code == 200
            paged.append(time.perf_counter() - started)
        for _ in range(max(1, repeats // 3)):
            started = time.perf_counter()
            assert client.get(path, headers=headers).status_code == 200
            unpaged.append(time.perf_counter() - started)
    return {"paged_ms": 1000 * _median(paged), "unpaged_ms": 1000 * _median(unpaged)}


def scheduling(hosts: int, boots: int = 20) -> dict[str, Any]:
    """A boot decision's cost with ``hosts`` fake hosts: server CPU and latency per boot+delete cycle."""
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "hosts.yaml"
        extra = max(hosts - 4, 1)  # the default model brings four hosts
        model.write_text(yaml.safe_dump({"compute": {"hosts": [{"name": "sched", "count": extra}],
                                                     "quotas": {"instances": -1, "cores": -1, "ram": -1}}}))
        started = time.perf_counter()
        bench = Bench.start([str(model)])
        ready = time.perf_counter() - started
        try:
            boot_cycle(bench, 1, 3, network=None, poll=0.01)  # warm-up
            run = boot_cycle(bench, 1, boots, network=None, poll=0.01)
        finally:
            bench.stop()
    return {
        "hosts": hosts,
        "startup_s": ready,
        "cycle_p50_ms": run.p50,
        "cpu_ms_per_cycle": 1000 * run.cpu / max(boots, 1),
        "errors": run.errors,
    }


# -- image -------------------------------------------------------------------------------------
def image_throughput(bench: Bench, megabytes: int = 100) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "data.bin"
        with open(source, "wb") as handle:
            for _ in range(megabytes):
                handle.write(os.urandom(1024 * 1024))
        started = time.perf_counter()
        shutil.copyfile(source, Path(tmp) / "copy.bin")
        copy_s = time.perf_counter() - started
        headers = bench.headers()
        created = httpx.post(
            f"{bench.cloud.url}/image/v2/images",
            headers=headers,
            json={"name": "bench-image", "disk_format": "raw", "container_format": "bare"},
        )
        created.raise_for_status()
        image_id = created.json()["id"]

        def chunks() -> Any:
            with open(source, "rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    yield chunk

        started = time.perf_counter()
        upload = httpx.put(
            f"{bench.cloud.url}/image/v2/images/{image_id}/file",
            content=chunks(),
            timeout=600,
            headers={**headers, "Content-Type": "application/octet-stream"},
        )
        upload_s = time.perf_counter() - started
        assert upload.status_code == 204, upload.text
        started = time.perf_counter()
        size = 0
        with httpx.stream(
            "GET", f"{bench.cloud.url}/image/v2/images/{image_id}/file", headers=headers, timeout=600
        ) as response:
            for chunk in response.iter_bytes(1024 * 1024):
                size += len(chunk)
        download_s = time.perf_counter() - started
        assert size == megabytes * 1024 * 1024
        httpx.delete(f"{bench.cloud.url}/image/v2/images/{image_id}", headers=headers)
    return {
        "megabytes": megabytes,
        "copy_mb_s": megabytes / copy_s,
        "upload_mb_s": megabytes / upload_s,
        "download_mb_s": megabytes / download_s,
    }


def memory(bench: Bench) -> float:
    return rss_mb(bench.pid)


# -- the testing tool itself ---------------------------------------------------------------------
def reset_cost(times: int = 20) -> dict[str, float]:
    """``POST /_twinstack/reset`` on the default model (what the ``cloud`` fixture does before each
    test): the server's own figure and the round trip a test pays."""
    cloud = Cloud().start()
    try:
        server, round_trip = [], []
        for _ in range(times):
            started = time.perf_counter()
            server.append(cloud.reset())
            round_trip.append(time.perf_counter() - started)
    finally:
        cloud.stop()
    return {"reset_ms": 1000 * _median(server), "fixture_ms": 1000 * _median(round_trip)}


def boot_many(bench: Bench, count: int = 200, network: str = "bench-net") -> dict[str, float]:
    """One multi-create of ``count`` servers on one network: ports allocated and bound per second."""
    image = _lookup(bench, "/image/v2/images", "images", "cirros-0.6.3-x86_64-disk")
    net = _lookup(bench, "/network/v2.0/networks", "networks", network)
    headers = bench.headers(bench.demo_token, **{"OpenStack-API-Version": "compute 2.72"})
    body = {
        "server": {
            "name": "many",
            "flavorRef": "c1",
            "imageRef": image,
            "networks": [{"uuid": net}],
            "min_count": count,
            "max_count": count,
        }
    }
    started = time.perf_counter()
    response = httpx.post(f"{bench.cloud.url}/compute/v2.1/servers", json=body, headers=headers, timeout=600)
    assert response.status_code == 202, response.text
    while True:
        ports = httpx.get(
            f"{bench.cloud.url}/network/v2.0/ports",
            headers=bench.headers(),
            params={"network_id": net, "device_owner": "compute:nova", "fields": "status"},
            timeout=600,
        )
        building = httpx.get(
            f"{bench.cloud.url}/compute/v2.1/servers",
            headers=headers,
            params={"status": "BUILD", "limit": 1},
            timeout=600,
        ).json()["servers"]
        if len(ports.json()["ports"]) >= count and not building:
            break
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    servers = httpx.get(
        f"{bench.cloud.url}/compute/v2.1/servers", headers=headers, params={"name": "^many"}, timeout=600
    )
    for server in servers.json()["servers"]:
        httpx.delete(f"{bench.cloud.url}/compute/v2.1/servers/{server['id']}", headers=headers, timeout=600)
    return {"servers": count, "seconds": elapsed, "ports_per_s": count / elapsed}
