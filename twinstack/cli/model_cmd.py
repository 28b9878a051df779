"""``twinstack model``: validate, show, publish the JSON Schema, apply to a running cloud, export."""

from __future__ import annotations

import json
import sys

import click
import yaml

from twinstack.cli.control_cmd import URL_OPTION, call

# the model's loader and schema (pydantic) are imported in the commands that use them: every `twinstack`
# command imports this module, and `twinstack up` imports them later, with its collector paused (see up_cmd)


@click.group()
def model() -> None:
    """Work with cloud models (the YAML that says what a cloud contains)."""


@model.command()
@click.argument("files", nargs=-1, required=True)
def validate(files: tuple[str, ...]) -> None:
    """Check model FILES (layered in order); list every error at once."""
    from twinstack.model import loader

    try:
        loader.load(list(files))
    except loader.ModelError as exc:
        click.echo(f"{exc.source}: {len(exc.errors)} error(s)", err=True)
        for error in exc.errors:
            click.echo(f"  {error}", err=True)
        sys.exit(1)
    click.echo(f"{', '.join(files)}: valid")


@model.command()
@URL_OPTION
@click.option("--running", is_flag=True, help="Show the model of the running cloud instead of the default.")
def show(url: str, running: bool) -> None:
    """Print the built-in default model (or a running cloud's)."""
    from twinstack.model import loader

    if running:
        click.echo(yaml.safe_dump(call(url, "GET", "/model"), sort_keys=False), nl=False)
        return
    click.echo(loader.default_model_text(), nl=False)


@model.command()
def schema() -> None:
    """Print the model's JSON Schema, for editors to validate and complete model files."""
    from twinstack.model.schema import CloudModel

    document = CloudModel.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "twinstack cloud model"
    click.echo(json.dumps(document, indent=2))


@model.command()
@URL_OPTION
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def apply(url: str, file: str) -> None:
    """Layer FILE over a running cloud's model and reset the cloud to the result (all or nothing)."""
    with open(file, "rb") as handle:
        call(url, "POST", "/model", content=handle.read())
    click.echo(f"applied {file}")


@model.command()
@URL_OPTION
@click.option("--from-cloud", "cloud_name", default=None,
              help="Read a REAL cloud named in clouds.yaml (OS_CLIENT_CONFIG_FILE) instead of a running twinstack.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="Write here (default: stdout)."
)
def export(url: str, cloud_name: str | None, output: str | None) -> None:
    """Write a cloud's current shape as a model: a running twinstack, or a real cloud (--from-cloud)."""
    import openstack

    from twinstack.model.export import export as export_model

    passwords: dict[str, str] = {}
    if cloud_name:
        try:
            conn = openstack.connect(cloud=cloud_name)
            conn.authorize()
        except Exception as exc:
            click.echo(f"twinstack: error: cannot reach cloud {cloud_name}: {exc}", err=True)
            sys.exit(1)
    else:
        running = call(url, "GET", "/model")
        identity = running.get("identity", {})
        passwords = {u["name"]: u["password"] for u in identity.get("users", []) if u.get("password")}
        passwords["admin"] = identity.get("admin_password", "admin")
        clouds = yaml.safe_load(call_text(url, "/clouds.yaml"))["clouds"]["twinstack-admin"]
        conn = openstack.connect(**clouds["auth"], region_name=clouds["region_name"], identity_api_version="3")
    text = yaml.safe_dump(export_model(conn, passwords), sort_keys=False)
    if output:
        with open(output, "w") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)


def call_text(url: str, path: str) -> str:
    import httpx

    return httpx.get(f"{url.rstrip('/')}/_twinstack{path}", timeout=30).text
