"""``twinstack model``: validate a model file, show the default one."""

from __future__ import annotations

import sys

import click

from twinstack.model import loader


@click.group()
def model() -> None:
    """Work with cloud models (the YAML that says what a cloud contains)."""


@model.command()
@click.argument("files", nargs=-1, required=True)
def validate(files: tuple[str, ...]) -> None:
    """Check model FILES (layered in order); list every error at once."""
    try:
        loader.load(list(files))
    except loader.ModelError as exc:
        click.echo(f"{exc.source}: {len(exc.errors)} error(s)", err=True)
        for error in exc.errors:
            click.echo(f"  {error}", err=True)
        sys.exit(1)
    click.echo(f"{', '.join(files)}: valid")


@model.command()
def show() -> None:
    """Print the built-in default model."""
    click.echo(loader.default_model_text(), nl=False)
