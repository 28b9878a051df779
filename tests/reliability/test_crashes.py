"""``kill -9`` at random points of a mixed write load, on SQLite, PostgreSQL and MariaDB: every write
that was acknowledged (a 2xx) is there after the restart (and every acknowledged delete stays done),
and nothing is left mid-flight: no server building or with a task, no volume creating, attaching or
deleting (compute and block storage settle them at start-up, as Nova's init_host and Cinder's volume
manager do). ``TWINSTACK_RELIABILITY_ROUNDS`` scales the number of kills."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.reliability.helpers import ROUNDS, Client, record
from tests.test_store_backends import MYSQL_ADMIN, PG_ADMIN, _database
from twinstack.testing.cloud import free_port

MODEL = str(Path(__file__).parent / "crash_model.yaml")
KILLS = ROUNDS
WORKERS = 4
STUCK_SERVER = {"BUILD"}
STUCK_VOLUME = {"creating", "attaching", "deleting", "detaching", "downloading", "uploading", "extending"}


class Server:
    """``twinstack up`` as a subprocess on one state dir and database, killed and started again."""

    def __init__(self, db: str | None) -> None:
        self.state = tempfile.mkdtemp(prefix="twinstack-crash-")
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        args = [sys.executable, "-m", "twinstack", "up", "--port", str(self.port), "--state-dir", self.state,
                "--model", MODEL, "--log-level", "warning"]
        if self.db:
            args += ["--db", self.db]
        env = {k: v for k, v in os.environ.items() if not k.startswith("TWINSTACK_")}
        log = open(Path(self.state) / "server.log", "ab")  # noqa: SIM115 - open while the server runs
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (Path(self.state) / "server.log").read_text()[-3000:]
            try:
                if httpx.get(f"{self.url}/_twinstack/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise AssertionError("twinstack did not come back")

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)


class Load:
    """Writers that note what the cloud acknowledged: (kind, id) created, and ids whose delete was."""

    def __init__(self, demo: Client, image: str, network: str) -> None:
        self.demo, self.image, self.network = demo, image, network
        self.created: list[tuple[str, str]] = []
        self.deleted: set[str] = set()
        self.unanswered: set[str] = set()  # a delete sent, the server killed before it answered
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def _ack(self, kind: str, response: httpx.Response, key: str) -> str | None:
        if response.status_code >= 300:
            return None
        body = response.json()
        ident = str(body[key]["id"] if key else body["id"])
        with self.lock:
            self.created.append((kind, ident))
        return ident

    def _step(self, rng: random.Random) -> None:
        d = self.demo
        choice = rng.randrange(6)
        if choice == 0:
            self._ack("server", d("compute", "POST", "/servers", json={"server": {
                "name": "crash", "imageRef": self.image, "flavorRef": "c1", "networks": "none"}}), "server")
        elif choice == 1:
            volume = self._ack("volume", d("volume", "POST", "/volumes", json={"volume": {"size": 1}}), "volume")
            if volume and rng.random() < 0.5:
                time.sleep(0.35)
                self._delete("volume", f"/volumes/{volume}", volume, 202)
        elif choice == 2:
            self._ack("port", d("network", "POST", "/ports", json={"port": {"network_id": self.network}}), "port")
        elif choice == 3:
            self._ack("network", d("network", "POST", "/networks", json={"network": {"name": "crash"}}), "network")
        elif choice == 4:
            self._ack("image", d("image", "POST", "/images", json={"name": "crash"}), "")
        else:
            with self.lock:
                servers = [i for k, i in self.created if k == "server" and i not in self.deleted]
            if servers:
                server = rng.choice(servers)
                self._delete("compute", f"/servers/{server}", server, 204)

    def _delete(self, service: str, path: str, ident: str, accepted: int) -> None:
        """Delete; whether it happened is known only from an answer."""
        self.unanswered.add(ident)
        if self.demo(service, "DELETE", path).status_code == accepted:
            self.deleted.add(ident)
        self.unanswered.discard(ident)

    def run(self, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            try:
                self._step(rng)
            except httpx.HTTPError:
                return  # the server died under us: what was not acknowledged does not count


PATHS = {"server": ("compute", "/servers/{}"), "volume": ("volume", "/volumes/{}"),
         "port": ("network", "/ports/{}"), "network": ("network", "/networks/{}"), "image": ("image", "/images/{}")}


def _lost(demo: Client, load: Load) -> list[tuple[str, str, int]]:
    """Acknowledged creates that are gone, and acknowledged deletes that came back."""
    lost = []
    for kind, ident in load.created:
        if ident in load.unanswered:
            continue  # either answer is right
        service, path = PATHS[kind]
        status = demo(service, "GET", path.format(ident)).status_code
        gone = status == 404
        if gone != (ident in load.deleted):
            lost.append((kind, ident, status))
    return lost


def _stuck(demo: Client) -> list[str]:
    servers = demo.ok("compute", "GET", "/servers/detail")["servers"]
    volumes = demo.ok("volume", "GET", "/volumes/detail")["volumes"]
    return ([f"server {s['id']} {s['status']}/{s['OS-EXT-STS:task_state']}" for s in servers
             if s["status"] in STUCK_SERVER or s["OS-EXT-STS:task_state"]]
            + [f"volume {v['id']} {v['status']}" for v in volumes if v["status"] in STUCK_VOLUME])


def _kill_round(server: Server, seed: int) -> tuple[int, int, int]:
    """One load killed at a random moment: (acknowledged writes, lost, left mid-flight)."""
    demo = Client(server.url, "demo", "demo", "demo")
    image = demo.ok("image", "GET", "/images?name=cirros-0.6.3-x86_64-disk")["images"][0]["id"]
    network = demo.ok("network", "GET", "/networks?name=private")["networks"][0]["id"]
    load = Load(demo, image, network)
    workers = [threading.Thread(target=load.run, args=(seed * 100 + i,)) for i in range(WORKERS)]
    for worker in workers:
        worker.start()
    time.sleep(random.Random(seed).uniform(0.5, 2.0))
    server.kill()
    load.stop.set()
    for worker in workers:
        worker.join(30)
    demo.close()
    server.start()
    demo = Client(server.url, "demo", "demo", "demo")
    lost, stuck = _lost(demo, load), _stuck(demo)
    demo.close()
    assert not lost, lost[:5]
    assert not stuck, stuck[:5]
    return len(load.created) + len(load.deleted), len(lost), len(stuck)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql),
                        pytest.param("mysql", marks=pytest.mark.mysql)])
def db(request: pytest.FixtureRequest) -> Iterator[str | None]:
    if request.param == "sqlite":
        yield None
    elif request.param == "postgresql":
        yield from _database(PG_ADMIN, "PostgreSQL")
    else:
        yield from _database(MYSQL_ADMIN, "MariaDB/MySQL")


def test_kill_minus_nine_under_a_mixed_write_load(db: str | None) -> None:
    server = Server(db)
    server.start()
    acknowledged = lost = stuck = 0
    try:
        seed = uuid.uuid4().int % 10**6
        for kill in range(KILLS):
            a, lo, st = _kill_round(server, seed + kill)
            acknowledged, lost, stuck = acknowledged + a, lost + lo, stuck + st
    finally:
        server.stop()
    backend = (db or "sqlite").split(":", 1)[0].split("+", 1)[0]
    record(f"crashes: kill -9 on {backend}", rounds=KILLS, kills=KILLS, acknowledged_writes=acknowledged, lost=lost,
           left_mid_flight=stuck)


def test_mid_flight_work_is_settled_at_start_up() -> None:
    """Killed while a server builds, a volume is created and another deleted: after the restart the
    server is ERROR (Nova's init_host), the new volume error and the deleted one gone (Cinder's)."""
    server = Server(None)
    server.start()
    try:
        demo = Client(server.url, "demo", "demo", "demo")
        image = demo.ok("image", "GET", "/images?name=cirros-0.6.3-x86_64-disk")["images"][0]["id"]
        doomed = demo.ok("volume", "POST", "/volumes", json={"volume": {"size": 1}})["volume"]["id"]
        time.sleep(0.6)  # available after create_seconds
        booted = demo.ok("compute", "POST", "/servers", json={"server": {
            "name": "mid", "imageRef": image, "flavorRef": "c1", "networks": "none"}})["server"]["id"]
        creating = demo.ok("volume", "POST", "/volumes", json={"volume": {"size": 1}})["volume"]["id"]
        assert demo("volume", "DELETE", f"/volumes/{doomed}").status_code == 202
        server.kill()
        demo.close()
        server.start()
        demo = Client(server.url, "demo", "demo", "demo")
        shown = demo.ok("compute", "GET", f"/servers/{booted}")["server"]
        assert (shown["status"], shown["OS-EXT-STS:task_state"]) == ("ERROR", None)
        assert demo.ok("volume", "GET", f"/volumes/{creating}")["volume"]["status"] == "error"
        assert demo("volume", "GET", f"/volumes/{doomed}").status_code == 404
        quota = demo.ok("volume", "GET", f"/os-quota-sets/{demo.project_id}?usage=True")["quota_set"]
        assert quota["volumes"]["in_use"] == 1  # the errored one still counts, as in Cinder
        demo.ok("compute", "DELETE", f"/servers/{booted}")  # and both can be cleaned up
        demo.ok("volume", "DELETE", f"/volumes/{creating}")
        demo.close()
    finally:
        server.stop()
