"""The ``twinstack`` command: one sub-command module per concern."""

from __future__ import annotations

import importlib

import click

# Each sub-command and where it is defined (module in this package, attribute). A command's module is
# imported when the command is run or listed, so `twinstack up` does not import the cluster, control,
# dashboard and model commands (their click declarations and imports) at every start.
COMMANDS = {
    "up": ("up_cmd", "up"),
    "clouds-yaml": ("up_cmd", "clouds_yaml"),
    "model": ("model_cmd", "model"),
    "fault": ("control_cmd", "fault"),
    "snapshot": ("control_cmd", "snapshot"),
    "clock": ("control_cmd", "clock"),
    "reset": ("control_cmd", "reset"),
    "journal": ("control_cmd", "journal"),
    "dashboard": ("dashboard_cmd", "dashboard"),
    "role": ("cluster_cmd", "role"),
    "cluster": ("cluster_cmd", "cluster"),
}


class _Commands(click.Group):
    """A group whose sub-commands are the entries of ``COMMANDS``, each imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        module, attribute = where
        command: click.Command = getattr(importlib.import_module(f"twinstack.cli.{module}"), attribute)
        return command


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="twinstack")
def main() -> None:
    """twinstack: an OpenStack cloud in one process, for shift-left testing."""
