"""The ``twinstack`` command: one sub-command module per concern."""

from __future__ import annotations

import click

from twinstack.cli import cluster_cmd, control_cmd, dashboard_cmd, model_cmd, up_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="twinstack")
def main() -> None:
    """twinstack: an OpenStack cloud in one process, for shift-left testing."""


main.add_command(up_cmd.up)
main.add_command(up_cmd.clouds_yaml)
main.add_command(model_cmd.model)
main.add_command(control_cmd.fault)
main.add_command(control_cmd.snapshot)
main.add_command(control_cmd.clock)
main.add_command(control_cmd.reset)
main.add_command(control_cmd.journal)
main.add_command(dashboard_cmd.dashboard)
main.add_command(cluster_cmd.role)
main.add_command(cluster_cmd.cluster)
