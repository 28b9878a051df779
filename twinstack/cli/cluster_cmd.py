"""``twinstack role <init|api|conductor|scheduler|compute>`` (one process of a cluster) and ``twinstack
cluster up`` (the supervisor that starts them all on this machine). docs/topology.md."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import click

from twinstack.config import Settings

DEFAULT_TRANSPORT = "rabbit://guest:guest@127.0.0.1:5672/"


def _cloud_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--db", envvar="TWINSTACK_DB", required=True,
                     help="SQLAlchemy URL of the shared store: postgresql://... or mysql+pymysql://..."),
        click.option("--transport-url", envvar="TWINSTACK_TRANSPORT_URL", default=DEFAULT_TRANSPORT, show_default=True,
                     help="The broker, in oslo.messaging's form."),
        click.option("--bus-prefix", envvar="TWINSTACK_BUS_PREFIX", default="twinstack", show_default=True,
                     help="First part of every exchange and queue name: clouds sharing a broker differ here."),
        click.option("--model", "models", envvar="TWINSTACK_MODEL", multiple=True, help="Model files (layered)."),
        click.option("--state-dir", envvar="TWINSTACK_STATE_DIR", default=None,
                     help="Shared by the API workers: image and object data, snapshots."),
        click.option("--seed", envvar="TWINSTACK_SEED", default=None, type=int),
        click.option("--public-url", envvar="TWINSTACK_PUBLIC_URL", default=None),
        click.option("--host", envvar="TWINSTACK_HOST", default="127.0.0.1", show_default=True),
        click.option("--port", envvar="TWINSTACK_PORT", default=8780, type=int, show_default=True),
        click.option("--log-level", envvar="TWINSTACK_LOG_LEVEL", default="warning", show_default=True,
                     type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False)),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _settings(kw: dict[str, Any]) -> Settings:
    return Settings(host=kw["host"], port=kw["port"], models=list(kw["models"]), state_dir=kw["state_dir"],
                    db=kw["db"], seed=kw["seed"], public_url=kw["public_url"], log_level=kw["log_level"].lower())


@click.group()
def role() -> None:
    """Run one process of a cluster (see `twinstack cluster up`, which runs them all)."""


@role.command("init")
@_cloud_options
def role_init(**kw: Any) -> None:
    """Create the schema and load the model into an empty database (once, before the others)."""
    from twinstack.cluster import roles

    roles.init(_settings(kw), kw["transport_url"], kw["bus_prefix"])


@role.command("api")
@_cloud_options
@click.option("--workers", default=1, type=click.IntRange(min=1), show_default=True,
              help="API processes sharing the port.")
def role_api(workers: int, **kw: Any) -> None:
    """The HTTP surface of every service; --workers N processes share one port."""
    from twinstack.cluster import roles

    if workers == 1:
        roles.api(_settings(kw), kw["transport_url"], kw["bus_prefix"])
        return
    args: list[str] = []
    skip = False
    for arg in sys.argv[1:]:  # the same command, each child with --workers 1
        if skip or arg.startswith("--workers="):
            skip = False
            continue
        if arg == "--workers":
            skip = True
            continue
        args.append(arg)
    children = [subprocess.Popen([sys.executable, "-m", "twinstack", *args, "--workers", "1"])
                for _ in range(workers)]

    def interrupted(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        pid, status = os.wait()
        click.echo(f"twinstack: error: API worker {pid} died (status {status}); stopping the others", err=True)
    except KeyboardInterrupt:
        pass
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        child.wait()
    sys.exit(1)


@role.command("conductor")
@_cloud_options
def role_conductor(**kw: Any) -> None:
    """nova-conductor: the only part of compute that writes the store."""
    from twinstack.cluster import roles

    roles.service(_settings(kw), kw["transport_url"], "conductor", kw["bus_prefix"])


@role.command("scheduler")
@_cloud_options
def role_scheduler(**kw: Any) -> None:
    """nova-scheduler: picks hosts and claims them in Placement."""
    from twinstack.cluster import roles

    roles.service(_settings(kw), kw["transport_url"], "scheduler", kw["bus_prefix"])


@role.command("compute")
@click.option("--transport-url", envvar="TWINSTACK_TRANSPORT_URL", default=DEFAULT_TRANSPORT, show_default=True)
@click.option("--bus-prefix", envvar="TWINSTACK_BUS_PREFIX", default="twinstack", show_default=True)
@click.option("--hosts", required=True, help="Host names it carries: compute-[1-2500] or a,b,c.")
@click.option("--name", default=None, help="The agent's name (default: its first host).")
@click.option("--report-interval", default=10.0, type=float, show_default=True, help="Seconds between heartbeats.")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False))
def role_compute(transport_url: str, bus_prefix: str, hosts: str, name: str | None, report_interval: float,
                 log_level: str) -> None:
    """A compute agent: many fake hosts, the broker URL and nothing else (no database)."""
    from twinstack.cluster import roles
    from twinstack.compute.local import parse_hosts

    names = parse_hosts(hosts)
    if not names:
        raise click.BadParameter("no host names", param_hint="--hosts")
    roles.compute(transport_url, names, name or names[0], report_interval, log_level, bus_prefix)


@click.group()
def cluster() -> None:
    """A cloud as processes on PostgreSQL/MariaDB and RabbitMQ (docs/topology.md)."""


@cluster.command("up")
@_cloud_options
@click.option("--api-workers", default=2, type=click.IntRange(min=1), show_default=True)
@click.option("--agents", default=2, type=click.IntRange(min=1), show_default=True)
@click.option("--hosts", "host_count", default=4, type=click.IntRange(min=1), show_default=True,
              help="Fake compute hosts (compute-1..N), spread over the agents.")
@click.option("--create-db", is_flag=True, help="Create the database named in --db if it does not exist.")
@click.option("--report-interval", default=10.0, type=float, show_default=True)
@click.option("--service-down-time", default=60.0, type=float, show_default=True)
@click.option("--build-timeout", default=120.0, type=float, show_default=True,
              help="A build no process finished in this many seconds ends in ERROR.")
def cluster_up(api_workers: int, agents: int, host_count: int, create_db: bool, report_interval: float,
               service_down_time: float, build_timeout: float, **kw: Any) -> None:
    """Start the whole topology on this machine and watch it until Ctrl-C."""
    from twinstack.cluster import supervisor

    supervisor.run(_settings(kw), kw["transport_url"], prefix=kw["bus_prefix"], api_workers=api_workers,
                   agents=agents, hosts=host_count,
                   create_db=create_db, report_interval=report_interval, service_down_time=service_down_time,
                   build_timeout=build_timeout)
