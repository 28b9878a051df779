"""``twinstack cluster up``: start init, conductor, scheduler, the compute agents and the API workers on
this machine, print the same OS_* lines and clouds.yaml as ``twinstack up``, show the processes and
their health, and stop them all on Ctrl-C or SIGTERM. A process that dies is reported at once and
loudly, and never restarted behind the user's back. ``Cluster`` is also what the tests drive."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
import yaml

from twinstack.config import Settings


@dataclass
class Proc:
    name: str
    role: str
    args: list[str]
    popen: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    reported: bool = False
    offset: int = 0  # where this run's lines start in the log
    handle: IO[bytes] | None = field(default=None, repr=False)

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    @property
    def state(self) -> str:
        if self.popen is None:
            return "not started"
        code = self.popen.poll()
        return "running" if code is None else f"exited {code}"


def compress(names: list[str]) -> str:
    """Host names as the agent's --hosts spec: runs of <prefix><n> as <prefix>[a-b]."""
    out: list[str] = []
    run: tuple[str, int, int] | None = None
    for name in names:
        m = re.fullmatch(r"(.*?)(\d+)", name)
        if m and run and run[0] == m[1] and int(m[2]) == run[2] + 1:
            run = (run[0], run[1], int(m[2]))
            continue
        if run:
            out.append(f"{run[0]}[{run[1]}-{run[2]}]" if run[2] > run[1] else f"{run[0]}{run[1]}")
        run = (m[1], int(m[2]), int(m[2])) if m else None
        if not m:
            out.append(name)
    if run:
        out.append(f"{run[0]}[{run[1]}-{run[2]}]" if run[2] > run[1] else f"{run[0]}{run[1]}")
    return ",".join(out)


def create_database(url: str) -> None:
    """CREATE DATABASE for --create-db (PostgreSQL or MariaDB/MySQL), when it is not there yet."""
    import sqlalchemy as sa

    base, _, name = url.rpartition("/")
    name = name.split("?")[0]
    admin = f"{base}/postgres" if url.startswith("postgresql") else f"{base}/"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if url.startswith("postgresql"):
            exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        else:
            exists = conn.execute(sa.text("SHOW DATABASES LIKE :n"), {"n": name}).first()
        if not exists:
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()


def free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class Cluster:
    """The processes of one cloud on this machine."""

    def __init__(self, settings: Settings, transport_url: str, *, prefix: str = "twinstack", api_workers: int = 2,
                 agents: int = 2,
                 hosts: int = 4, report_interval: float = 10.0, service_down_time: float = 60.0,
                 build_timeout: float = 120.0, extra_settings: dict[str, Any] | None = None) -> None:
        from twinstack.model import loader

        self.settings = settings
        self.transport_url = transport_url
        self._tempdir = None
        if not settings.state_dir:
            self._tempdir = tempfile.mkdtemp(prefix="twinstack-cluster-")
            settings.state_dir = self._tempdir
        self.state_dir = Path(settings.state_dir)
        (self.state_dir / "logs").mkdir(parents=True, exist_ok=True)
        if settings.port == 0:
            settings.port = free_port(settings.host)
        layer = self.state_dir / "cluster-model.yaml"
        compute_settings = {"report_interval": report_interval, "service_down_time": service_down_time,
                            "build_timeout": build_timeout, **(extra_settings or {})}
        layer.write_text(yaml.safe_dump({"compute": {
            "hosts": [{"name": f"compute-{i}"} for i in range(1, hosts + 1)], "settings": compute_settings}}))
        settings.models = [*settings.models, str(layer)]
        self.model = loader.load(settings.models)
        names: list[str] = []
        for h in self.model.compute.hosts:
            names += [h.name] if h.count == 1 else [f"{h.name}-{i}" for i in range(1, h.count + 1)]
        self.procs: dict[str, Proc] = {}
        self.prefix = prefix
        common = ["--db", str(settings.db), "--transport-url", transport_url, "--bus-prefix", prefix,
                  "--state-dir", str(self.state_dir),
                  "--log-level", settings.log_level, "--host", settings.host, "--port", str(settings.port),
                  *[a for m in settings.models for a in ("--model", m)]]
        if settings.seed is not None:
            common += ["--seed", str(settings.seed)]
        if settings.public_url:
            common += ["--public-url", settings.public_url]
        self.init_args = ["role", "init", *common]
        self._add("conductor", "conductor", ["role", "conductor", *common])
        self._add("scheduler", "scheduler", ["role", "scheduler", *common])
        per = -(-len(names) // agents)
        for i in range(agents):
            chunk = names[i * per:(i + 1) * per]
            if chunk:
                self._add(f"compute-agent-{i + 1}", "compute", [
                    "role", "compute", "--transport-url", transport_url, "--bus-prefix", prefix,
                    "--hosts", compress(chunk),
                    "--name", f"agent-{i + 1}", "--report-interval", str(report_interval),
                    "--log-level", settings.log_level])
        for i in range(api_workers):
            self._add(f"api-{i + 1}", "api", ["role", "api", *common])

    def _add(self, name: str, role: str, args: list[str]) -> None:
        self.procs[name] = Proc(name, role, args, log=self.state_dir / "logs" / f"{name}.log")

    @property
    def url(self) -> str:
        return self.settings.base_url

    def init(self) -> None:
        result = subprocess.run([sys.executable, "-m", "twinstack", *self.init_args], capture_output=True,
                                text=True, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(f"twinstack role init failed ({result.returncode}):\n{result.stderr[-3000:]}")

    def start_proc(self, name: str) -> Proc:
        proc = self.procs[name]
        assert proc.log is not None
        proc.handle = proc.log.open("ab")
        proc.offset = proc.log.stat().st_size
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        proc.popen = subprocess.Popen([sys.executable, "-m", "twinstack", *proc.args], stdout=proc.handle,
                                      stderr=subprocess.STDOUT, env=env, start_new_session=True)
        proc.reported = False
        return proc

    def start(self, wait: float = 120.0) -> None:
        self.init()
        for name in self.procs:
            self.start_proc(name)
        self.wait_healthy(wait)

    def wait_healthy(self, wait: float = 120.0) -> None:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            dead = self.dead()
            if dead:
                raise RuntimeError("; ".join(f"{p.name} {p.state}: {self.tail(p)}" for p in dead))
            try:
                if httpx.get(f"{self.url}/_twinstack/health", timeout=2).status_code == 200 and all(
                        "serving" in self.tail(p, 50) for p in self.procs.values() if p.role == "compute"):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the cluster did not answer at {self.url} within {wait:g} s")

    def dead(self) -> list[Proc]:
        return [p for p in self.procs.values() if p.popen is not None and p.popen.poll() is not None]

    def tail(self, proc: Proc, lines: int = 15) -> str:
        if proc.log is None or not proc.log.exists():
            return ""
        with proc.log.open("rb") as handle:
            handle.seek(proc.offset)
            text = handle.read().decode(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def wait_agent(self, name: str, wait: float = 60.0) -> None:
        """Until the agent serves its hosts (its log says so)."""
        deadline = time.monotonic() + wait
        while "serving" not in self.tail(self.procs[name], 200):
            if self.procs[name].popen is None or self.procs[name].popen.poll() is not None:  # type: ignore[union-attr]
                raise RuntimeError(f"{name} {self.procs[name].state}: {self.tail(self.procs[name])}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start serving within {wait:g} s")
            time.sleep(0.1)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs[name]
        if proc.popen is not None and proc.popen.poll() is None:
            proc.popen.send_signal(sig)
            proc.popen.wait(30)

    def stop(self) -> None:
        running = [p for p in self.procs.values() if p.popen is not None and p.popen.poll() is None]
        for proc in running:
            proc.popen.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
        deadline = time.monotonic() + 15
        for proc in running:
            try:
                proc.popen.wait(max(deadline - time.monotonic(), 0.1))  # type: ignore[union-attr]
            except subprocess.TimeoutExpired:
                proc.popen.kill()  # type: ignore[union-attr]
                proc.popen.wait()  # type: ignore[union-attr]
        for proc in self.procs.values():
            if proc.handle is not None:
                proc.handle.close()
        if self._tempdir:
            shutil.rmtree(self._tempdir, ignore_errors=True)

    def forget_bus(self) -> None:
        """Delete what outlives the processes on the broker (the durable queues and the exchanges): for a
        cluster that is gone for good, as a test's is."""
        import asyncio

        import aio_pika

        from twinstack.core.bus_rabbit import DURABLE_TOPICS, amqp_url

        async def main() -> None:
            conn = await aio_pika.connect(amqp_url(self.transport_url))
            async with conn:
                channel = await conn.channel()
                for topic in DURABLE_TOPICS:
                    await channel.queue_delete(f"{self.prefix}.{topic}")
                for exchange in (self.prefix, f"{self.prefix}.fanout"):
                    await channel.exchange_delete(exchange)

        asyncio.run(main())

    def table(self) -> Any:
        from rich.table import Table

        table = Table(title=f"twinstack cluster at {self.url}")
        for column in ("process", "role", "pid", "state", "log"):
            table.add_column(column)
        for proc in self.procs.values():
            state = proc.state
            style = "green" if state == "running" else "bold red"
            table.add_row(proc.name, proc.role, str(proc.pid or "-"), f"[{style}]{state}[/]", str(proc.log))
        return table


def run(settings: Settings, transport_url: str, *, create_db: bool = False, **kwargs: Any) -> None:
    from rich.console import Console

    from twinstack.control import clouds

    console = Console(stderr=True)
    started = time.perf_counter()
    if create_db and settings.db:
        create_database(settings.db)
    cluster = Cluster(settings, transport_url, **kwargs)
    stopping = False

    def on_signal(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        cluster.start()
    except Exception as exc:
        console.print(f"[bold red]twinstack cluster: {exc}[/]")
        cluster.stop()
        sys.exit(1)
    base = settings.base_url
    print(f"twinstack cluster ready at {base} in {time.perf_counter() - started:.2f}s "
          f"(state: {cluster.state_dir})", flush=True)
    print(clouds.env_lines(cluster.model, base), flush=True)
    print("# clouds.yaml", flush=True)
    print(clouds.clouds_yaml(cluster.model, base), flush=True)
    console.print(cluster.table())
    failed = False
    while not stopping:
        for proc in cluster.dead():
            if not proc.reported:
                proc.reported = True
                failed = True
                console.print(f"[bold red]PROCESS DIED: {proc.name} (pid {proc.pid}, {proc.state}); it is not "
                              f"restarted. Last lines of {proc.log}:[/]\n{cluster.tail(proc)}")
                console.print(cluster.table())
        time.sleep(0.5)
    console.print("stopping the cluster...")
    cluster.stop()
    sys.exit(1 if failed else 0)
