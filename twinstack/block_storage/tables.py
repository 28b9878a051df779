"""Block storage's tables (Cinder's database, small). Backends carry their allocated capacity so a
volume claims space with one conditional UPDATE inside the creating transaction."""

from __future__ import annotations

import sqlalchemy as sa

from twinstack.core.store import metadata

ID = sa.String(64)

backends = sa.Table(
    "volume_backends", metadata,
    sa.Column("name", sa.String(255), primary_key=True),  # lvmdriver-1
    sa.Column("host", sa.String(255), nullable=False),  # twinstack@lvmdriver-1
    sa.Column("volume_backend_name", sa.String(255), nullable=False),
    sa.Column("availability_zone", sa.String(255), nullable=False),
    sa.Column("capacity_gb", sa.Integer, nullable=False),
    sa.Column("allocated_gb", sa.Integer, nullable=False, default=0),
    sa.Column("reserved_percentage", sa.Integer, nullable=False, default=0),
    sa.Column("driver", sa.String(255), nullable=False),
    sa.Column("storage_protocol", sa.String(64), nullable=False),
)

services = sa.Table(
    "volume_services", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("binary", sa.String(64), nullable=False),
    sa.Column("host", sa.String(255), nullable=False),
    sa.Column("availability_zone", sa.String(255), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("disabled_reason", sa.String(255), nullable=True),
    sa.Column("frozen", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.UniqueConstraint("binary", "host", name="uq_volume_services_binary_host"),
)

types = sa.Table(
    "volume_types", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False, unique=True),
    sa.Column("description", sa.String(255), nullable=True),
    sa.Column("is_public", sa.Boolean, nullable=False, default=True),
    sa.Column("extra_specs", sa.JSON, nullable=False, default=dict),
    sa.Column("qos_specs_id", ID, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
)

type_access = sa.Table(
    "volume_type_access", metadata,
    sa.Column("type_id", ID, sa.ForeignKey("volume_types.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("project_id", ID, primary_key=True, index=True),
)

default_types = sa.Table(
    "volume_default_types", metadata,
    sa.Column("project_id", ID, primary_key=True),
    sa.Column("type_id", ID, sa.ForeignKey("volume_types.id", ondelete="CASCADE"), nullable=False),
)

volumes = sa.Table(
    "volume_volumes", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("project_id", ID, nullable=False, index=True),
    sa.Column("user_id", ID, nullable=False),
    sa.Column("name", sa.String(255), nullable=True, index=True),
    sa.Column("description", sa.String(255), nullable=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("status", sa.String(64), nullable=False, index=True),
    sa.Column("attach_status", sa.String(64), nullable=False, default="detached"),
    sa.Column("migration_status", sa.String(64), nullable=True),
    sa.Column("availability_zone", sa.String(255), nullable=False),
    sa.Column("type_id", ID, nullable=True, index=True),
    sa.Column("backend", sa.String(255), nullable=True, index=True),  # backends.name holding the space
    sa.Column("bootable", sa.Boolean, nullable=False, default=False),
    sa.Column("readonly", sa.Boolean, nullable=False, default=False),
    sa.Column("multiattach", sa.Boolean, nullable=False, default=False),
    sa.Column("metadata", sa.JSON, nullable=False, default=dict),
    sa.Column("image_metadata", sa.JSON, nullable=True),
    sa.Column("snapshot_id", ID, nullable=True, index=True),
    sa.Column("source_volid", ID, nullable=True),
    sa.Column("backup_id", ID, nullable=True),
    sa.Column("extend_target", sa.Integer, nullable=True),
    sa.Column("encryption_key_id", ID, nullable=True),
    sa.Column("group_id", ID, nullable=True, index=True),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.Column("launched_at", sa.DateTime, nullable=True),
    # the default listing, newest first: keyset pages on (created_at, id), one project's or all of them
    # (without the id, SQLite sorted every row of equal created_at in a temporary B-tree per page)
    sa.Index("ix_volume_volumes_project_page", "project_id", "created_at", "id"),
    sa.Index("ix_volume_volumes_page", "created_at", "id"),
)

attachments = sa.Table(
    "volume_attachments", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("volume_id", ID, sa.ForeignKey("volume_volumes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("project_id", ID, nullable=False, index=True),
    sa.Column("instance_uuid", ID, nullable=True, index=True),
    sa.Column("attached_host", sa.String(255), nullable=True),
    sa.Column("mountpoint", sa.String(255), nullable=True),
    sa.Column("attach_status", sa.String(64), nullable=False),  # reserved, attaching, attached, detaching
    sa.Column("attach_mode", sa.String(8), nullable=True),
    sa.Column("connector", sa.JSON, nullable=True),
    sa.Column("connection_info", sa.JSON, nullable=True),
    sa.Column("attach_time", sa.DateTime, nullable=True),
    sa.Column("detach_time", sa.DateTime, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

snapshots = sa.Table(
    "volume_snapshots", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("project_id", ID, nullable=False, index=True),
    sa.Column("user_id", ID, nullable=False),
    sa.Column("volume_id", ID, nullable=False, index=True),
    sa.Column("type_id", ID, nullable=True),
    sa.Column("name", sa.String(255), nullable=True, index=True),
    sa.Column("description", sa.String(255), nullable=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("status", sa.String(64), nullable=False, index=True),
    sa.Column("progress", sa.String(16), nullable=False, default="0%"),
    sa.Column("group_snapshot_id", ID, nullable=True, index=True),
    sa.Column("metadata", sa.JSON, nullable=False, default=dict),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.Index("ix_volume_snapshots_project_page", "project_id", "created_at", "id"),
    sa.Index("ix_volume_snapshots_page", "created_at", "id"),
)

backups = sa.Table(
    "volume_backups", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("project_id", ID, nullable=False, index=True),
    sa.Column("user_id", ID, nullable=False),
    sa.Column("volume_id", ID, nullable=False, index=True),
    sa.Column("snapshot_id", ID, nullable=True),
    sa.Column("name", sa.String(255), nullable=True, index=True),
    sa.Column("description", sa.String(255), nullable=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("status", sa.String(64), nullable=False, index=True),
    sa.Column("availability_zone", sa.String(255), nullable=True),
    sa.Column("container", sa.String(255), nullable=True),
    sa.Column("is_incremental", sa.Boolean, nullable=False, default=False),
    sa.Column("parent_id", ID, nullable=True, index=True),
    sa.Column("fail_reason", sa.String(255), nullable=True),
    sa.Column("object_count", sa.Integer, nullable=False, default=0),
    sa.Column("metadata", sa.JSON, nullable=False, default=dict),
    sa.Column("source_volume", sa.JSON, nullable=True),  # what a restore recreates: bootable, image metadata
    sa.Column("data_timestamp", sa.DateTime, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.Index("ix_volume_backups_project_page", "project_id", "created_at", "id"),
    sa.Index("ix_volume_backups_page", "created_at", "id"),
)

transfers = sa.Table(
    "volume_transfers", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("volume_id", ID, sa.ForeignKey("volume_volumes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("project_id", ID, nullable=False, index=True),  # the giver
    sa.Column("name", sa.String(255), nullable=True),
    sa.Column("salt", sa.String(64), nullable=False),
    sa.Column("crypt_hash", sa.String(255), nullable=False),
    sa.Column("no_snapshots", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
)

quotas = sa.Table(
    "volume_quotas", metadata,
    sa.Column("project_id", ID, primary_key=True),
    sa.Column("resource", sa.String(255), primary_key=True),
    sa.Column("hard_limit", sa.Integer, nullable=False),
)

messages = sa.Table(
    "volume_messages", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("project_id", ID, nullable=False, index=True),
    sa.Column("request_id", sa.String(255), nullable=False),
    sa.Column("resource_type", sa.String(64), nullable=True),
    sa.Column("resource_uuid", ID, nullable=True),
    sa.Column("event_id", sa.String(64), nullable=False),
    sa.Column("message_level", sa.String(32), nullable=False),
    sa.Column("user_message", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    sa.Column("expires_at", sa.DateTime, nullable=False),
)

qos_specs = sa.Table(
    "volume_qos_specs", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False, unique=True),
    sa.Column("consumer", sa.String(32), nullable=False),
    sa.Column("specs", sa.JSON, nullable=False, default=dict),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

type_encryption = sa.Table(
    "volume_type_encryption", metadata,
    sa.Column("type_id", ID, sa.ForeignKey("volume_types.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("encryption_id", ID, nullable=False, unique=True),
    sa.Column("provider", sa.String(255), nullable=False),
    sa.Column("cipher", sa.String(255), nullable=True),
    sa.Column("key_size", sa.Integer, nullable=True),
    sa.Column("control_location", sa.String(32), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=True),
)

group_types = sa.Table(
    "volume_group_types", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False, unique=True),
    sa.Column("description", sa.String(255), nullable=True),
    sa.Column("is_public", sa.Boolean, nullable=False, default=True),
    sa.Column("group_specs", sa.JSON, nullable=False, default=dict),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

groups = sa.Table(
    "volume_groups", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("project_id", ID, nullable=False, index=True),
    sa.Column("user_id", ID, nullable=False),
    sa.Column("name", sa.String(255), nullable=True),
    sa.Column("description", sa.String(255), nullable=True),
    sa.Column("status", sa.String(64), nullable=False),
    sa.Column("availability_zone", sa.String(255), nullable=False),
    sa.Column("group_type_id", ID, nullable=False),
    sa.Column("volume_type_ids", sa.JSON, nullable=False, default=list),
    sa.Column("group_snapshot_id", ID, nullable=True),
    sa.Column("source_group_id", ID, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
)

group_snapshots = sa.Table(
    "volume_group_snapshots", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("project_id", ID, nullable=False, index=True),
    sa.Column("user_id", ID, nullable=False),
    sa.Column("group_id", ID, nullable=False, index=True),
    sa.Column("group_type_id", ID, nullable=False),
    sa.Column("name", sa.String(255), nullable=True),
    sa.Column("description", sa.String(255), nullable=True),
    sa.Column("status", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
)
