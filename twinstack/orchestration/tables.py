"""Stacks, their resources, events, snapshots and software configs. A stack keeps its template, files and
environment as given, and the parameter values it resolved; a resource keeps the properties it was last
created or updated with (the update diff compares against them) and its own data (ids, secrets)."""

from __future__ import annotations

import sqlalchemy as sa

from twinstack.core.store import metadata

stacks = sa.Table(
    "orchestration_stacks", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("project_id", sa.String(64), nullable=False, index=True),
    sa.Column("owner", sa.JSON, nullable=False),  # the caller who made it: user, project, roles
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("status_reason", sa.Text, nullable=False, default=""),
    sa.Column("template", sa.JSON, nullable=False),
    sa.Column("files", sa.JSON, nullable=False),
    sa.Column("environment", sa.JSON, nullable=False),
    sa.Column("params", sa.JSON, nullable=False),  # the resolved parameter values
    sa.Column("tags", sa.JSON, nullable=True),
    sa.Column("timeout_mins", sa.Integer, nullable=True),
    sa.Column("disable_rollback", sa.Boolean, nullable=False, default=True),
    sa.Column("parent_id", sa.String(36), nullable=True, index=True),  # a nested stack's owner
    sa.Column("parent_resource", sa.String(255), nullable=True),
    sa.Column("previous", sa.JSON, nullable=True),  # template, environment and params before an update
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.Column("deleted_at", sa.DateTime, nullable=True),
)

resources = sa.Table(
    "orchestration_resources", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("stack_id", sa.String(36), nullable=False, index=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("type", sa.String(255), nullable=False),
    sa.Column("physical_id", sa.String(255), nullable=True),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("status_reason", sa.Text, nullable=False, default=""),
    sa.Column("properties", sa.JSON, nullable=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("metadata", sa.JSON, nullable=False),
    sa.Column("requires", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.UniqueConstraint("stack_id", "name", name="uq_orchestration_resources_stack_name"),
)

events = sa.Table(
    "orchestration_events", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(36), nullable=False, unique=True),
    sa.Column("stack_id", sa.String(36), nullable=False, index=True),
    sa.Column("resource_name", sa.String(255), nullable=False),
    sa.Column("physical_id", sa.String(255), nullable=True),
    sa.Column("resource_type", sa.String(255), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("properties", sa.JSON, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

snapshots = sa.Table(
    "orchestration_snapshots", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("stack_id", sa.String(36), nullable=False, index=True),
    sa.Column("name", sa.String(255), nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("status_reason", sa.Text, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

software_configs = sa.Table(
    "orchestration_software_configs", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("project_id", sa.String(64), nullable=False, index=True),
    sa.Column("name", sa.String(255), nullable=True),
    sa.Column("group", sa.String(255), nullable=False),
    sa.Column("config", sa.Text, nullable=True),
    sa.Column("inputs", sa.JSON, nullable=False),
    sa.Column("outputs", sa.JSON, nullable=False),
    sa.Column("options", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

software_deployments = sa.Table(
    "orchestration_software_deployments", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("project_id", sa.String(64), nullable=False, index=True),
    sa.Column("config_id", sa.String(36), nullable=False),
    sa.Column("server_id", sa.String(255), nullable=False, index=True),
    sa.Column("input_values", sa.JSON, nullable=False),
    sa.Column("output_values", sa.JSON, nullable=False),
    sa.Column("action", sa.String(255), nullable=False),
    sa.Column("status", sa.String(255), nullable=False),
    sa.Column("status_reason", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=True),
)
