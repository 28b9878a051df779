"""Commands that drive a running cloud's control plane: faults, snapshots, clock, reset, journal."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
import yaml

# httpx and rich are imported where used: `twinstack up` loads this module too, and they cost it ~0.15 s

URL_OPTION = click.option("--url", envvar="TWINSTACK_URL", default="http://127.0.0.1:8780", show_default=True,
                          help="The running cloud.")


def call(url: str, method: str, path: str, **kwargs: Any) -> Any:
    """One control-plane request; a clear one-line error (exit 1) when it fails."""
    import httpx

    try:
        response = httpx.request(method, f"{url.rstrip('/')}/_twinstack{path}", timeout=60, **kwargs)
    except httpx.HTTPError as exc:
        click.echo(f"twinstack: error: no twinstack answers at {url}: {exc}", err=True)
        sys.exit(1)
    if response.status_code >= 400:
        try:
            message = response.json()["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = response.text
        click.echo(f"twinstack: error: {message}", err=True)
        sys.exit(1)
    return response.json() if response.content else None


# -- faults ------------------------------------------------------------------------------------
@click.group()
def fault() -> None:
    """Inject faults into a running cloud."""


@fault.command("add")
@URL_OPTION
@click.option("--file", "rule_file", type=click.Path(exists=True, dir_okay=False), help="YAML/JSON rule(s).")
@click.option("--service")
@click.option("--operation", help='"METHOD /route/template", e.g. "POST /v2.1/servers"')
@click.option("--method")
@click.option("--path", help="glob on the path below the service prefix")
@click.option("--project")
@click.option("--user")
@click.option("--name", help="regex on the resource name")
@click.option("--host")
@click.option("--status", type=int, help="answer this HTTP status")
@click.option("--message")
@click.option("--retry-after", type=int)
@click.option("--latency-ms", type=float)
@click.option("--drop", is_flag=True, help="drop the connection")
@click.option(
    "--outcome", help="server_error, reschedule, no_valid_host, host_down, host_up, volume_stuck_attaching, "
    "zone_stuck_pending, object_put_interrupted, order_error, ..."
)
@click.option("--param", "params", multiple=True, help="KEY=VALUE for the outcome (repeatable)")
@click.option("--fail-first", type=int, help="fire for the first N matches only")
@click.option("--probability", type=float)
def fault_add(url: str, rule_file: str | None, params: tuple[str, ...], **fields: Any) -> None:
    """Add a fault rule (from flags or --file)."""
    if rule_file:
        with open(rule_file) as handle:
            body = yaml.safe_load(handle)
    else:
        match = {
            k: fields[k]
            for k in ("service", "operation", "method", "path", "project", "user", "name", "host")
            if fields[k]
        }
        action: dict[str, Any] = {
            k: fields[k] for k in ("status", "message", "retry_after", "latency_ms", "outcome") if fields[k] is not None
        }
        if fields["drop"]:
            action["drop_connection"] = True
        if params:
            action["params"] = dict(p.split("=", 1) for p in params)
        body = {"match": match, "action": action}
        if fields["fail_first"]:
            body["fail_first"] = fields["fail_first"]
        if fields["probability"] is not None:
            body["probability"] = fields["probability"]
    result = call(url, "POST", "/faults", json=body)
    for rule in result.get("faults", [result.get("fault")]):
        click.echo(f"added {rule['id']}")


@fault.command("list")
@URL_OPTION
@click.option("--json", "as_json", is_flag=True)
def fault_list(url: str, as_json: bool) -> None:
    """List fault rules and how often each fired."""
    rules = call(url, "GET", "/faults")["faults"]
    if as_json:
        click.echo(json.dumps(rules, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "match", "action", "fired")
    for rule in rules:
        table.add_row(rule["id"], json.dumps(rule.get("match", {})), json.dumps(rule["action"]), str(rule["fired"]))
    Console().print(table)


@fault.command("delete")
@URL_OPTION
@click.argument("fault_id")
def fault_delete(url: str, fault_id: str) -> None:
    """Delete one fault rule."""
    call(url, "DELETE", f"/faults/{fault_id}")


@fault.command("clear")
@URL_OPTION
def fault_clear(url: str) -> None:
    """Delete every fault rule."""
    call(url, "DELETE", "/faults")


# -- snapshots ---------------------------------------------------------------------------------
@click.group()
def snapshot() -> None:
    """Save and restore the whole state of a running cloud (image data included)."""


@snapshot.command("save")
@URL_OPTION
@click.argument("name")
def snapshot_save(url: str, name: str) -> None:
    result = call(url, "POST", "/snapshots", json={"name": name})
    click.echo(f"saved {name} ({result['snapshot']['size']} bytes)")


@snapshot.command("load")
@URL_OPTION
@click.argument("name")
def snapshot_load(url: str, name: str) -> None:
    result = call(url, "POST", f"/snapshots/{name}/load")
    click.echo(f"loaded {name} in {result['seconds']:.3f}s")


@snapshot.command("list")
@URL_OPTION
def snapshot_list(url: str) -> None:
    for item in call(url, "GET", "/snapshots")["snapshots"]:
        click.echo(f"{item['name']}\t{item['size']}")


@snapshot.command("delete")
@URL_OPTION
@click.argument("name")
def snapshot_delete(url: str, name: str) -> None:
    call(url, "DELETE", f"/snapshots/{name}")


# -- clock, reset, journal ---------------------------------------------------------------------
@click.group()
def clock() -> None:
    """The cloud's clock: real time, or manual time that moves only when advanced."""


@clock.command("show")
@URL_OPTION
def clock_show(url: str) -> None:
    click.echo(json.dumps(call(url, "GET", "/clock")["clock"]))


@clock.command("mode")
@URL_OPTION
@click.argument("mode", type=click.Choice(["real", "manual"]))
def clock_mode(url: str, mode: str) -> None:
    call(url, "PUT", "/clock", json={"mode": mode})


@clock.command("advance")
@URL_OPTION
@click.argument("seconds", type=float)
def clock_advance(url: str, seconds: float) -> None:
    click.echo(json.dumps(call(url, "POST", "/clock/advance", json={"seconds": seconds})["clock"]))


@click.command()
@URL_OPTION
def reset(url: str) -> None:
    """Return a running cloud to its model."""
    click.echo(f"reset in {call(url, 'POST', '/reset')['seconds'] * 1000:.1f} ms")


@click.command()
@URL_OPTION
@click.option("--filter", "filters", multiple=True, help="KEY=VALUE (service, user_name, operation, status, ...)")
@click.option("--limit", type=int)
def journal(url: str, filters: tuple[str, ...], limit: int | None) -> None:
    """Print the request journal as JSON lines."""
    params: dict[str, Any] = dict(f.split("=", 1) for f in filters)
    if limit:
        params["limit"] = limit
    for entry in call(url, "GET", "/journal", params=params)["entries"]:
        click.echo(json.dumps(entry))
