"""The cluster's figures (``python -m bench --only cluster``, part of ``make bench``): boot/delete
cycles per second and server CPU per cycle with 1 and 2 API workers on PostgreSQL, beside
``twinstack up`` (SQLite, and PostgreSQL) in the same run; scheduling at 10,000 hosts over 4 agents;
memory per agent per 1,000 hosts. Server CPU is the sum over every process of the cloud. The figures
go to docs/topology.md's marked section and to benchmarks.json."""

from __future__ import annotations

import json
import socket
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import yaml

from bench import scenarios
from bench.client import Bench, cpu_seconds, password_auth, rss_mb

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TRANSPORT = "rabbit://guest:guest@127.0.0.1:5672/"
BEGIN, END = "<!-- cluster-bench:begin -->", "<!-- cluster-bench:end -->"
BENCH_MODEL = scenarios.MODELS / "bench.yaml"


def available() -> str | None:
    """Why the cluster cannot be measured here, or None."""
    for port, what in ((5432, "PostgreSQL"), (5672, "RabbitMQ")):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        except OSError:
            return f"no {what} at 127.0.0.1:{port}"
    return None


class _Database:
    def __init__(self) -> None:
        import sqlalchemy as sa

        self.name = f"twinstack_bench_{uuid.uuid4().hex[:8]}"
        self.engine = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with self.engine.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {self.name}"))
        self.url = PG_ADMIN.rsplit("/", 1)[0] + f"/{self.name}"

    def drop(self) -> None:
        import sqlalchemy as sa

        with self.engine.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"))
        self.engine.dispose()


class ClusterTarget:
    """A running cluster as the load loop sees it; CPU is summed over all of its processes."""

    def __init__(self, cluster: Any) -> None:
        self.cluster = cluster
        token = httpx.post(f"{cluster.url}/identity/v3/auth/tokens", json=password_auth("demo", "demo", "demo"),
                           timeout=30)
        self.demo_token = token.headers["X-Subject-Token"]
        self.token = self.demo_token
        self.cloud = self  # scenarios read bench.cloud.url

    @property
    def url(self) -> str:
        return str(self.cluster.url)

    @property
    def pid(self) -> int:
        return int(self.cluster.procs["conductor"].pid)

    def pids(self) -> list[int]:
        return [p.pid for p in self.cluster.procs.values() if p.pid is not None and p.popen.poll() is None]

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids())

    def cpu_by_role(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for proc in self.cluster.procs.values():
            if proc.pid is not None and proc.popen.poll() is None:
                out[proc.role] = out.get(proc.role, 0.0) + cpu_seconds(proc.pid)
        return out

    def headers(self, token: str | None = None, **extra: str) -> dict[str, str]:
        return {"X-Auth-Token": token or self.token, **extra}


def _cluster(db: str, workers: int, agents: int, hosts: int, models: list[str]) -> Any:
    from twinstack.cluster.supervisor import Cluster
    from twinstack.config import Settings

    settings = Settings(port=0, db=db, log_level="warning", models=list(models))
    cluster = Cluster(settings, TRANSPORT, prefix=f"twinstack-bench-{uuid.uuid4().hex[:6]}", api_workers=workers,
                      agents=agents, hosts=hosts)
    try:
        cluster.start(wait=900)
    except Exception:
        cluster.stop()
        cluster.forget_bus()
        raise
    return cluster


def _cycles(target: Any, cpu: Callable[[], float], clients: int, iterations: int,
            network: str | None) -> dict[str, Any]:
    scenarios.boot_cycle(target, clients, max(clients, 4), network=network)  # warm-up
    cpu0 = cpu()
    roles0 = target.cpu_by_role() if hasattr(target, "cpu_by_role") else {}
    run = scenarios.boot_cycle(target, clients, iterations, network=network)
    spent = cpu() - cpu0
    out = {"clients": clients, "cycles": iterations, "cycles_per_s": round(iterations / run.seconds, 2),
           "cpu_ms_per_cycle": round(1000 * spent / iterations, 1), "cycle_p50_ms": round(run.p50, 1),
           "errors": run.errors}
    if roles0:
        roles1 = target.cpu_by_role()
        out["cpu_ms_per_cycle_by_role"] = {role: round(1000 * (roles1[role] - roles0.get(role, 0.0)) / iterations, 1)
                                           for role in roles1}
    return out


def run(log: Callable[[str], None], clients: int = 8, iterations: int = 80, big: int = 10000) -> dict[str, Any]:
    why = available()
    if why:
        return {"skipped": why}
    out: dict[str, Any] = {"clients": clients, "cycles": iterations}
    log("cluster: twinstack up (SQLite) boot/delete")
    bench = Bench.start([str(BENCH_MODEL)])
    try:
        out["up_sqlite"] = _cycles(bench, lambda: cpu_seconds(bench.pid), clients, iterations, "bench-net")
    finally:
        bench.stop()
    db = _Database()
    try:
        log("cluster: twinstack up (PostgreSQL) boot/delete")
        from twinstack.testing import Cloud

        cloud = Cloud(model=[str(BENCH_MODEL)], extra_args=["--db", db.url], startup_timeout=600).start()
        bench = Bench(cloud)
        bench.token = bench.issue_token("admin", "admin", "admin")
        bench.demo_token = bench.issue_token("demo", "demo", "demo")
        try:
            out["up_postgresql"] = _cycles(bench, lambda: cpu_seconds(bench.pid), clients, iterations, "bench-net")
        finally:
            bench.stop()
    finally:
        db.drop()
    for workers in (1, 2):
        db = _Database()
        try:
            log(f"cluster: {workers} API worker(s), 2 agents, PostgreSQL: boot/delete")
            cluster = _cluster(db.url, workers, 2, 4, [str(BENCH_MODEL)])
            try:
                target = ClusterTarget(cluster)
                out[f"cluster_{workers}_workers"] = _cycles(target, target.cpu, clients, iterations, "bench-net")
                if workers == 1:  # the same one-client cycle as at 10,000 hosts below, for the difference
                    out["one_client_20_hosts"] = _cycles(target, target.cpu, 1, 20, None)
            finally:
                cluster.stop()
                cluster.forget_bus()
        finally:
            db.drop()
    out["scheduling"] = _scheduling(log, big)
    return out


def _scheduling(log: Callable[[str], None], hosts: int, agents: int = 4, boots: int = 20) -> dict[str, Any]:
    db = _Database()
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "quota.yaml"
        model.write_text(yaml.safe_dump({"compute": {"quotas": {"instances": -1, "cores": -1, "ram": -1}}}))
        try:
            log(f"cluster: {hosts} hosts over {agents} agents: start-up")
            started = time.perf_counter()
            cluster = _cluster(db.url, 1, agents, hosts, [str(model)])
            ready = time.perf_counter() - started
            try:
                target = ClusterTarget(cluster)
                log(f"cluster: {hosts} hosts: scheduling")
                figures = _cycles(target, target.cpu, 1, boots, None)
                agent_rss = [rss_mb(int(p.pid)) for p in cluster.procs.values() if p.role == "compute"]
            finally:
                cluster.stop()
                cluster.forget_bus()
        finally:
            db.drop()
    small = _agent_rss(log)
    per_agent = hosts / agents
    mean = sum(agent_rss) / len(agent_rss)
    return {"hosts": hosts, "agents": agents, "startup_s": round(ready, 1), **figures,
            "agent_rss_mb": [round(r, 1) for r in agent_rss], "agent_rss_2_hosts_mb": round(small, 1),
            "mb_per_1000_hosts": round((mean - small) / (per_agent / 1000), 1)}


def _agent_rss(log: Callable[[str], None]) -> float:
    """An agent with 2 hosts (the fixed cost of the process), on a small cluster."""
    db = _Database()
    try:
        log("cluster: an agent's fixed memory")
        cluster = _cluster(db.url, 1, 2, 4, [])
        try:
            return sum(rss_mb(int(p.pid)) for p in cluster.procs.values() if p.role == "compute") / 2
        finally:
            cluster.stop()
            cluster.forget_bus()
    finally:
        db.drop()


def markdown(figures: dict[str, Any]) -> str:
    if "skipped" in figures:
        return f"The cluster was not measured: {figures['skipped']}.\n"
    rows = [("`twinstack up`, SQLite", figures.get("up_sqlite")), ("`twinstack up`, PostgreSQL",
            figures.get("up_postgresql")), ("cluster, 1 API worker, PostgreSQL", figures.get("cluster_1_workers")),
            ("cluster, 2 API workers, PostgreSQL", figures.get("cluster_2_workers"))]
    lines = [f"Boot/delete cycles ({figures['cycles']} cycles, {figures['clients']} clients, a port each, zero fake "
             "boot time); server CPU is the sum over all of the cloud's processes.", "",
             "| cloud | cycles/s | server CPU ms/cycle | cycle p50 ms | errors |", "|---|---:|---:|---:|---:|"]
    for name, row in rows:
        if row:
            roles = ", ".join(f"{k} {v}" for k, v in (row.get("cpu_ms_per_cycle_by_role") or {}).items())
            lines.append(f"| {name} | {row['cycles_per_s']} | {row['cpu_ms_per_cycle']}"
                         f"{f' ({roles})' if roles else ''} | {row['cycle_p50_ms']} | {row['errors']} |")
    s = figures.get("scheduling") or {}
    small = figures.get("one_client_20_hosts") or {}
    if small:
        lines += ["", f"One client, 20 boot/delete cycles without a network on the 1-worker cluster (20 hosts): "
                  f"{small['cycle_p50_ms']} ms p50 per cycle, {small['cpu_ms_per_cycle']} ms server CPU per cycle."]
    if s:
        lines += ["", f"Scheduling with {s['hosts']:,} hosts over {s['agents']} agents (1 API worker, PostgreSQL): "
                  f"start-up {s['startup_s']} s; one client, {s['cycles']} boot/delete cycles: "
                  f"{s['cycle_p50_ms']} ms p50 per cycle, {s['cpu_ms_per_cycle']} ms server CPU per cycle, "
                  f"{s['errors']} errors.", "",
                  f"Memory: an agent with {s['hosts'] // s['agents']:,} hosts {max(s['agent_rss_mb'])} MB RSS, "
                  f"one with 2 hosts {s['agent_rss_2_hosts_mb']} MB: **{s['mb_per_1000_hosts']} MB per 1,000 hosts**."]
    return "\n".join(lines) + "\n"


def write_section(figures: dict[str, Any], path: Path, stamp: str) -> None:
    text = path.read_text()
    body = f"{BEGIN}\n_Measured {stamp}._\n\n{markdown(figures)}{END}"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + body + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + "\n\n" + body + "\n"
    path.write_text(text)


if __name__ == "__main__":  # python -m bench.cluster [hosts]: this section alone
    from datetime import UTC, datetime

    figures = run(lambda m: print(f"[bench {time.strftime('%H:%M:%S')}] {m}", file=sys.stderr, flush=True),
                  big=int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
    print(json.dumps(figures, indent=1))
    root = Path(__file__).resolve().parent.parent
    write_section(figures, root / "docs" / "topology.md", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
