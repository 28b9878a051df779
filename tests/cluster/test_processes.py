"""Faults at the process level on a cluster (PostgreSQL, RabbitMQ): the compute agent holds no
database connection; a killed agent's services go down and its hosts leave scheduling, and it rejoins
without duplicates; a stopped conductor makes builds wait; a cut broker connection ends every boot
ACTIVE or ERROR; a killed API worker leaves the others answering and loses nothing acknowledged. And
the control plane (faults, clock, journal, reset) acts on every worker at once."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from typing import Any

import psutil
import pytest
from click.testing import CliRunner

from tests.cluster.helpers import clear_servers, close_broker_connections, fresh, services, token, until
from tests.compute.helpers import boot, nova, wait_status
from twinstack.cli import main
from twinstack.cluster.supervisor import Cluster
from twinstack.testing import Cloud

DB_PORTS = (5432, 3306)
pytestmark = [pytest.mark.postgresql, pytest.mark.rabbitmq]


def _remote_ports(pid: int) -> set[int]:
    return {c.raddr.port for c in psutil.Process(pid).net_connections(kind="inet") if c.raddr}


def test_compute_agent_never_connects_to_the_database(pg_cluster: Cluster) -> None:
    api = pg_cluster.procs["api-1"].pid
    assert api is not None and _remote_ports(api) & set(DB_PORTS)  # the check sees a DB connection where one is
    for name in ("compute-agent-1", "compute-agent-2"):
        proc = pg_cluster.procs[name]
        assert proc.pid is not None
        assert "--db" not in proc.args
        ports = _remote_ports(proc.pid)
        assert 5672 in ports and not ports & set(DB_PORTS), ports


def test_control_plane_acts_on_every_worker(pg_cluster: Cluster) -> None:
    tok = token(pg_cluster)
    rule = fresh(pg_cluster, "POST", "/_twinstack/faults", json={
        "match": {"service": "compute", "method": "GET", "path": "/v2.1/flavors"},
        "action": {"status": 503}, "fail_first": 6})
    assert rule.status_code == 201, rule.text
    codes = [fresh(pg_cluster, "GET", "/compute/v2.1/flavors", tok).status_code for _ in range(8)]
    assert codes == [503] * 6 + [200] * 2  # fail_first counts across workers
    shown = fresh(pg_cluster, "GET", f"/_twinstack/faults/{rule.json()['fault']['id']}").json()["fault"]
    assert shown["fired"] == 6
    journal = fresh(pg_cluster, "GET", "/_twinstack/journal?path_contains=/flavors").json()
    assert [e["status"] for e in journal["entries"]][-8:] == codes
    # the clock (through `twinstack clock`, unchanged): manual on one worker is manual on all, advances together
    result = CliRunner().invoke(main, ["clock", "mode", "manual", "--url", pg_cluster.url])
    assert result.exit_code == 0, result.output
    nows = {fresh(pg_cluster, "GET", "/_twinstack/clock").json()["clock"]["now"] for _ in range(4)}
    assert len(nows) == 1
    advanced = fresh(pg_cluster, "POST", "/_twinstack/clock/advance", json={"seconds": 3600}).json()["clock"]["now"]
    assert {fresh(pg_cluster, "GET", "/_twinstack/clock").json()["clock"]["now"] for _ in range(4)} == {advanced}
    # a reset on one worker: the faults, the journal and the clock are back to the model's on all, and
    # the model's records keep their ids whichever worker resets (one baseline for all)
    tok = token(pg_cluster)  # the clock moved an hour: a new token
    demo = fresh(pg_cluster, "GET", "/identity/v3/projects?name=demo", tok).json()["projects"][0]["id"]
    for _ in range(3):
        assert fresh(pg_cluster, "POST", "/_twinstack/reset").status_code == 200
    tok = token(pg_cluster)
    assert fresh(pg_cluster, "GET", "/identity/v3/projects?name=demo", tok).json()["projects"][0]["id"] == demo
    assert all(fresh(pg_cluster, "GET", "/_twinstack/faults").json()["faults"] == [] for _ in range(3))
    assert all(fresh(pg_cluster, "GET", "/_twinstack/clock").json()["clock"]["mode"] == "real" for _ in range(3))
    # a snapshot saved through one worker and loaded through another takes every worker back
    tok = token(pg_cluster)
    assert CliRunner().invoke(main, ["snapshot", "save", "before", "--url", pg_cluster.url]).exit_code == 0
    made = fresh(pg_cluster, "POST", "/compute/v2.1/os-keypairs", tok, json={"keypair": {"name": "after"}})
    assert made.status_code == 200, made.text
    assert CliRunner().invoke(main, ["snapshot", "load", "before", "--url", pg_cluster.url]).exit_code == 0
    tok = token(pg_cluster)
    assert all(fresh(pg_cluster, "GET", "/compute/v2.1/os-keypairs/after", tok).status_code == 404 for _ in range(4))
    # `model apply` on one worker is the model of every worker
    applied = fresh(pg_cluster, "POST", "/_twinstack/model",
                    json={"compute": {"flavors": [{"name": "cluster.one", "vcpus": 1, "ram": 64}]}})
    assert applied.status_code == 200, applied.text
    for _ in range(4):
        flavors = fresh(pg_cluster, "GET", "/_twinstack/model").json()["compute"]["flavors"]
        assert "cluster.one" in {f["name"] for f in flavors}
    # identity changes are seen by every worker at once: a new user's token works on all of them
    admin = token(pg_cluster)
    user = fresh(pg_cluster, "POST", "/identity/v3/users", admin, json={"user": {"name": "u1", "password": "pw"}})
    assert user.status_code == 201, user.text
    project = fresh(pg_cluster, "GET", "/identity/v3/projects?name=demo", admin).json()["projects"][0]["id"]
    role = fresh(pg_cluster, "GET", "/identity/v3/roles?name=member", admin).json()["roles"][0]["id"]
    uid = user.json()["user"]["id"]
    assert fresh(pg_cluster, "PUT", f"/identity/v3/projects/{project}/users/{uid}/roles/{role}",
                 admin).status_code == 204
    auth = {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": uid, "password": "pw"}}},
                     "scope": {"project": {"id": project}}}}
    assert fresh(pg_cluster, "POST", "/identity/v3/auth/tokens", json=auth).status_code == 201
    assert fresh(pg_cluster, "DELETE", f"/identity/v3/projects/{project}/users/{uid}/roles/{role}",
                 admin).status_code == 204
    assert all(fresh(pg_cluster, "POST", "/identity/v3/auth/tokens", json=auth).status_code == 401
               for _ in range(4))


def test_killed_agent_goes_down_leaves_scheduling_and_rejoins(pg_cluster: Cluster) -> None:
    conn = Cloud(url=pg_cluster.url).start().connect()
    tok = token(pg_cluster)
    kept = boot(conn, "kept", availability_zone="nova:compute-3")
    before = services(pg_cluster, tok)
    hypervisors = nova(conn, "GET", "/os-hypervisors").json()["hypervisors"]
    pg_cluster.kill("compute-agent-2")  # kill -9: compute-3 and compute-4 stop beating
    until(lambda: all(services(pg_cluster, tok)[h]["state"] == "down" for h in ("compute-3", "compute-4")), 8,
          "the dead agent's services are down")
    assert all(services(pg_cluster, tok)[h]["state"] == "up" for h in ("compute-1", "compute-2"))
    placed = [boot(conn, f"while-down-{i}")["OS-EXT-SRV-ATTR:host"] for i in range(3)]
    assert set(placed) <= {"compute-1", "compute-2"}, placed
    pg_cluster.start_proc("compute-agent-2")
    pg_cluster.wait_agent("compute-agent-2")
    until(lambda: all(s["state"] == "up" for s in services(pg_cluster, tok).values()), 8, "all services up again")
    after = services(pg_cluster, tok)
    assert sorted(after) == sorted(before) and {s["id"] for s in after.values()} == {s["id"] for s in before.values()}
    assert len(nova(conn, "GET", "/os-hypervisors").json()["hypervisors"]) == len(hypervisors)
    assert wait_status(conn, kept["id"], "ACTIVE")["OS-EXT-SRV-ATTR:host"] == "compute-3"
    assert nova(conn, "POST", f"/servers/{kept['id']}/action", json={"reboot": {"type": "SOFT"}}).status_code == 202
    wait_status(conn, kept["id"], "ACTIVE")


def test_builds_wait_for_a_stopped_conductor(pg_cluster: Cluster) -> None:
    conn = Cloud(url=pg_cluster.url).start().connect()
    clear_servers(conn)
    pg_cluster.kill("conductor", signal.SIGTERM)
    waiting = boot(conn, "waits", wait=None)
    time.sleep(1.0)  # the build sits in the conductor's queue
    assert nova(conn, "GET", f"/servers/{waiting['id']}").json()["server"]["status"] == "BUILD"
    pg_cluster.start_proc("conductor")
    assert wait_status(conn, waiting["id"], "ACTIVE", timeout=30)["OS-EXT-SRV-ATTR:host"]


def test_cut_broker_connections_during_a_burst_of_boots(pg_cluster: Cluster) -> None:
    conn = Cloud(url=pg_cluster.url).start().connect()
    clear_servers(conn)
    ids = [boot(conn, f"burst-{i}", wait=None)["id"] for i in range(8)]
    pids = [p.pid for p in pg_cluster.procs.values() if p.pid is not None]
    try:
        closed = close_broker_connections(pids)
    except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:  # no rabbitmqctl, or not allowed to
        pytest.skip(f"cannot close the broker's connections here: {exc}")
    assert closed == len(pids)  # one connection per process, all cut

    def settled() -> list[dict[str, Any]] | None:
        servers = [nova(conn, "GET", f"/servers/{i}").json()["server"] for i in ids]
        return None if any(s["status"] == "BUILD" for s in servers) else servers

    servers = until(settled, 20, "every boot leaves BUILD")
    for server in servers:
        assert server["status"] == "ACTIVE" or (server["status"] == "ERROR" and server["fault"]["message"]), server
    # the processes reconnected on their own: a new boot goes through
    assert boot(conn, "after-cut", wait="ACTIVE")


def test_killed_api_worker_leaves_the_others_answering(pg_cluster: Cluster) -> None:
    tok = token(pg_cluster)
    acknowledged: list[str] = []
    errors: list[str] = []
    stop = threading.Event()

    def load() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            try:
                response = fresh(pg_cluster, "POST", "/compute/v2.1/os-keypairs", tok,
                                 json={"keypair": {"name": f"k{i}"}})
            except Exception as exc:  # the dying worker's connections: never acknowledged
                errors.append(type(exc).__name__)
                continue
            if response.status_code == 200:
                acknowledged.append(f"k{i}")

    worker = threading.Thread(target=load)
    worker.start()
    time.sleep(1.0)
    pg_cluster.kill("api-1")
    time.sleep(1.5)
    stop.set()
    worker.join()
    assert all(fresh(pg_cluster, "GET", "/compute/v2.1/os-keypairs", tok).status_code == 200 for _ in range(5))
    names = {k["keypair"]["name"] for k in fresh(pg_cluster, "GET", "/compute/v2.1/os-keypairs?limit=1000",
                                                   tok).json()["keypairs"]}
    assert acknowledged and set(acknowledged) <= names
    pg_cluster.start_proc("api-1")


@pytest.fixture(autouse=True)
def _alive(pg_cluster: Cluster) -> None:
    dead = pg_cluster.dead()
    assert not dead, [(p.name, p.state, pg_cluster.tail(p)) for p in dead]
