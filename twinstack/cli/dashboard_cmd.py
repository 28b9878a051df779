"""``twinstack dashboard``: the real Horizon (OpenStack's dashboard) for a running cloud, on a port of its own."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

from twinstack.cli.up_cmd import DEFAULT_URL, fail


@click.command()
@click.option("--url", envvar="TWINSTACK_URL", default=DEFAULT_URL, show_default=True, help="The running cloud.")
@click.option("--host", envvar="TWINSTACK_DASHBOARD_HOST", default="127.0.0.1", show_default=True,
              help="Address Horizon listens on.")
@click.option("--port", envvar="TWINSTACK_DASHBOARD_PORT", default=8790, type=int, show_default=True,
              help="Port Horizon listens on.")
@click.option("--venv", "venv_dir", envvar="TWINSTACK_DASHBOARD_VENV", default=None, type=click.Path(path_type=Path),
              help="Horizon's venv, built on first use from dashboard/requirements.txt "
                   "(default: .dashboard/venv, or this interpreter where twinstack[dashboard] installed Horizon).")
@click.option("--setup-only", is_flag=True, help="Build the venv and the static files, then exit.")
def dashboard(url: str, host: str, port: int, venv_dir: Path | None, setup_only: bool) -> None:
    """Start Horizon configured for the running cloud and print where to log in."""
    # here, not at the top: every `twinstack` command (`up` too) imports this module, and httpx (with
    # rich, through its CLI) cost `twinstack up` ~0.1 s of start-up
    from twinstack import horizon

    url = url.rstrip("/")
    try:
        logins = [] if setup_only else horizon.cloud_logins(url)
        python = horizon.prepare(venv_dir, echo=lambda line: click.echo(f"twinstack dashboard: {line}", err=True))
    except horizon.DashboardError as exc:
        fail(str(exc))
        return
    if setup_only:
        click.echo(f"Horizon {horizon.HORIZON_VERSION} is ready in {python.parent.parent}")
        return
    run_dir = Path(tempfile.mkdtemp(prefix="twinstack-horizon-"))
    # SIGTERM (a test's teardown, a service manager) stops Horizon too, as Ctrl-C does
    signal.signal(signal.SIGTERM, _interrupt)
    process = horizon.start(python, url, host, port, run_dir)
    try:
        base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}"
        if not _wait(base, process):
            fail(f"Horizon did not start on {host}:{port} (exit {process.poll()}); is the port free?")
        click.echo(f"Horizon {horizon.HORIZON_VERSION} for the cloud at {url}: {base}/")
        click.echo("log in with (domain Default):")
        for login in logins:
            click.echo(f"  {login.user:<10} password {login.password:<10} project {login.project}")
        sys.stdout.flush()
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(10)
        shutil.rmtree(run_dir, ignore_errors=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _wait(base: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> bool:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if httpx.get(f"{base}/auth/login/", timeout=5).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False
