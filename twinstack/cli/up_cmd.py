"""``twinstack up`` (start a cloud) and ``twinstack clouds-yaml`` (ask a running one for its config)."""

from __future__ import annotations

import gc
import os
import sys

import click

from twinstack.config import Settings

DEFAULT_URL = "http://127.0.0.1:8780"


def fail(message: str) -> None:
    click.echo(f"twinstack: error: {message}", err=True)
    sys.exit(2)


@click.command()
@click.option("--host", envvar="TWINSTACK_HOST", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    envvar="TWINSTACK_PORT",
    default=8780,
    type=int,
    show_default=True,
    help="Port for every service (0: any free port).",
)
@click.option(
    "--model",
    "models",
    envvar="TWINSTACK_MODEL",
    multiple=True,
    type=str,
    help="Model file or built-in profile (tempest); repeat to layer (later overrides earlier). "
    "Env: TWINSTACK_MODEL, space-separated.",
)
@click.option(
    "--state-dir",
    envvar="TWINSTACK_STATE_DIR",
    default=None,
    help="Keep state here across restarts (default: a temporary dir).",
)
@click.option(
    "--db", envvar="TWINSTACK_DB", default=None, help="SQLAlchemy URL of the store (default: SQLite in the state dir)."
)
@click.option(
    "--policy-dir",
    envvar="TWINSTACK_POLICY_DIR",
    default=None,
    help="Directory of policy.yaml / <service>.yaml overrides.",
)
@click.option(
    "--log-level",
    envvar="TWINSTACK_LOG_LEVEL",
    default="info",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
)
@click.option("--seed", envvar="TWINSTACK_SEED", default=None, type=int, help="Make ids and choices reproducible.")
@click.option("--public-url", envvar="TWINSTACK_PUBLIC_URL", default=None, help="Base URL the catalog advertises.")
@click.option(
    "--token-ttl",
    envvar="TWINSTACK_TOKEN_TTL",
    default=3600,
    show_default=True,
    type=click.IntRange(min=1),
    help="Seconds a token lives (keystone's [token] expiration).",
)
def up(
    host: str,
    port: int,
    models: tuple[str, ...],
    state_dir: str | None,
    db: str | None,
    policy_dir: str | None,
    log_level: str,
    seed: int | None,
    public_url: str | None,
    token_ttl: int,
) -> None:
    """Start a cloud and serve it until interrupted."""
    # Start-up builds hundreds of thousands of long-lived objects (modules, tables, schemas, routes) and
    # next to no garbage: the collector's passes over them were ~15% of start-up CPU. It is paused until
    # the cloud is ready, when server.run freezes what start-up made and turns it back on.
    gc.disable()
    # pydantic looks for plugins on its first model by reading the entry points of every installed
    # distribution: ~7 ms of each start in a venv of ~120. The server's models use none (it starts no
    # other process that would inherit this); a value the user has set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from twinstack import server

    paths = list(models)
    settings = Settings(
        host=host,
        port=port,
        models=paths,
        state_dir=state_dir,
        db=db,
        policy_dir=policy_dir,
        log_level=log_level.lower(),
        seed=seed,
        public_url=public_url,
        token_ttl=token_ttl,
    )
    server.run(settings)


@click.command("clouds-yaml")
@click.option("--url", envvar="TWINSTACK_URL", default=DEFAULT_URL, show_default=True, help="The running cloud.")
def clouds_yaml(url: str) -> None:
    """Print the clouds.yaml of a running cloud."""
    import httpx  # here, not at the top: `twinstack up` would pay for importing it

    try:
        response = httpx.get(f"{url.rstrip('/')}/_twinstack/clouds.yaml", timeout=5)
    except httpx.HTTPError as exc:
        fail(f"no twinstack answers at {url}: {exc}")
        return
    if response.status_code != 200:
        fail(f"{url} answered {response.status_code}")
    click.echo(response.text, nl=False)
