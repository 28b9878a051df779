"""Compute's tables (Nova's cell database, small). Written only by the API layer for records the
API owns (flavors, keypairs, ...) and by the conductor for instances; never by compute managers."""

from __future__ import annotations

import sqlalchemy as sa

from twinstack.core.store import metadata

ID = sa.String(64)

flavors = sa.Table(
    "compute_flavors", metadata,
    sa.Column("id", ID, primary_key=True),  # flavorid, the public id (often "1", "42" or a uuid)
    sa.Column("name", sa.String(255), nullable=False, unique=True),
    sa.Column("vcpus", sa.Integer, nullable=False),
    sa.Column("ram", sa.Integer, nullable=False),  # MiB
    sa.Column("disk", sa.Integer, nullable=False),  # GiB
    sa.Column("ephemeral", sa.Integer, nullable=False, default=0),
    sa.Column("swap", sa.Integer, nullable=False, default=0),  # MiB
    sa.Column("rxtx_factor", sa.Float, nullable=False, default=1.0),
    sa.Column("is_public", sa.Boolean, nullable=False, default=True),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("extra_specs", sa.JSON, nullable=False, default=dict),
    sa.Column("created_at", sa.DateTime, nullable=True),
)

flavor_access = sa.Table(
    "compute_flavor_access", metadata,
    sa.Column("flavor_id", ID, sa.ForeignKey("compute_flavors.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("project_id", ID, primary_key=True, index=True),
)

keypairs = sa.Table(
    "compute_keypairs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("user_id", ID, nullable=False, index=True),
    sa.Column("type", sa.String(8), nullable=False, default="ssh"),
    sa.Column("public_key", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.UniqueConstraint("user_id", "name", name="uq_compute_keypairs_user_name"),
)

server_groups = sa.Table(
    "compute_server_groups", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("project_id", ID, nullable=False, index=True),
    sa.Column("user_id", ID, nullable=False),
    sa.Column("policy", sa.String(32), nullable=False),  # affinity, anti-affinity, soft-*
    sa.Column("rules", sa.JSON, nullable=False, default=dict),  # {"max_server_per_host": n}
    sa.Column("created_at", sa.DateTime, nullable=True),
)

server_group_members = sa.Table(
    "compute_server_group_members", metadata,
    sa.Column("group_id", ID, sa.ForeignKey("compute_server_groups.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("instance_id", ID, primary_key=True, index=True),
)

aggregates = sa.Table(
    "compute_aggregates", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uuid", ID, nullable=False, unique=True),
    sa.Column("name", sa.String(255), nullable=False, unique=True),
    sa.Column("availability_zone", sa.String(255), nullable=True),
    sa.Column("metadata", sa.JSON, nullable=False, default=dict),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
)

aggregate_hosts = sa.Table(
    "compute_aggregate_hosts", metadata,
    sa.Column("aggregate_id", sa.Integer, sa.ForeignKey("compute_aggregates.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("host", sa.String(255), primary_key=True, index=True),
)

# nova-compute / nova-conductor / nova-scheduler service records (os-services)
services = sa.Table(
    "compute_services", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uuid", ID, nullable=False, unique=True),
    sa.Column("host", sa.String(255), nullable=False),
    sa.Column("binary", sa.String(64), nullable=False),
    sa.Column("topic", sa.String(64), nullable=True),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("disabled_reason", sa.String(255), nullable=True),
    sa.Column("forced_down", sa.Boolean, nullable=False, default=False),
    sa.Column("last_seen_up", sa.DateTime, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.UniqueConstraint("host", "binary", name="uq_compute_services_host_binary"),
)

# one compute node (hypervisor) per fake host; its uuid is its Placement resource provider uuid
nodes = sa.Table(
    "compute_nodes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uuid", ID, nullable=False, unique=True),
    sa.Column("host", sa.String(255), nullable=False, unique=True),
    sa.Column("hypervisor_hostname", sa.String(255), nullable=False),
    sa.Column("hypervisor_type", sa.String(64), nullable=False, default="fake"),
    sa.Column("hypervisor_version", sa.Integer, nullable=False, default=1000),
    sa.Column("host_ip", sa.String(64), nullable=True),
    sa.Column("availability_zone", sa.String(255), nullable=False, default="nova"),
    sa.Column("compute_driver", sa.String(255), nullable=False, default="fake.FakeDriver"),
    sa.Column("vcpus", sa.Integer, nullable=False),
    sa.Column("memory_mb", sa.Integer, nullable=False),
    sa.Column("local_gb", sa.Integer, nullable=False),
    sa.Column("cpu_allocation_ratio", sa.Float, nullable=False, default=16.0),
    sa.Column("ram_allocation_ratio", sa.Float, nullable=False, default=1.5),
    sa.Column("disk_allocation_ratio", sa.Float, nullable=False, default=1.0),
    sa.Column("reserved_host_memory_mb", sa.Integer, nullable=False, default=512),
    sa.Column("reserved_host_disk_mb", sa.Integer, nullable=False, default=0),
    sa.Column("reserved_host_cpus", sa.Integer, nullable=False, default=0),
    sa.Column("traits", sa.JSON, nullable=False, default=list),
    sa.Column("driver_config", sa.JSON, nullable=False, default=dict),  # fake driver timings, failure rates
    sa.Column("started_at", sa.DateTime, nullable=True),
    # what the hosted instances use, refreshed by the conductor from Placement (Nova's resource tracker)
    sa.Column("vcpus_used", sa.Integer, nullable=False, default=0),
    sa.Column("memory_mb_used", sa.Integer, nullable=False, default=0),
    sa.Column("local_gb_used", sa.Integer, nullable=False, default=0),
    sa.Column("running_vms", sa.Integer, nullable=False, default=0),
)

instances = sa.Table(
    "compute_instances", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uuid", ID, nullable=False, unique=True),
    sa.Column("display_name", sa.String(255), nullable=False, index=True),
    sa.Column("display_description", sa.Text, nullable=True),
    sa.Column("project_id", ID, nullable=False),  # ix_compute_instances_project_page leads with it
    sa.Column("user_id", ID, nullable=False, index=True),
    sa.Column("host", sa.String(255), nullable=True),
    sa.Column("node", sa.String(255), nullable=True),
    sa.Column("availability_zone", sa.String(255), nullable=True),
    sa.Column("vm_state", sa.String(32), nullable=False, index=True),
    sa.Column("task_state", sa.String(64), nullable=True),
    sa.Column("power_state", sa.Integer, nullable=False, default=0),
    sa.Column("progress", sa.Integer, nullable=False, default=0),
    sa.Column("flavor", sa.JSON, nullable=False),  # the flavor as booted (Nova embeds it)
    sa.Column("old_flavor", sa.JSON, nullable=True),
    sa.Column("new_flavor", sa.JSON, nullable=True),
    sa.Column("image_ref", sa.String(64), nullable=True),
    sa.Column("key_name", sa.String(255), nullable=True),
    sa.Column("key_data", sa.Text, nullable=True),
    sa.Column("user_data", sa.Text, nullable=True),
    sa.Column("config_drive", sa.String(8), nullable=True),
    sa.Column("access_ip_v4", sa.String(64), nullable=True),
    sa.Column("access_ip_v6", sa.String(64), nullable=True),
    sa.Column("locked", sa.Boolean, nullable=False, default=False),
    sa.Column("locked_by", sa.String(16), nullable=True),  # owner or admin
    sa.Column("locked_reason", sa.Text, nullable=True),
    sa.Column("hostname", sa.String(255), nullable=True),
    sa.Column("launch_index", sa.Integer, nullable=False, default=0),
    sa.Column("reservation_id", sa.String(64), nullable=True, index=True),
    sa.Column("metadata", sa.JSON, nullable=False, default=dict),
    sa.Column("system_metadata", sa.JSON, nullable=False, default=dict),
    sa.Column("tags", sa.JSON, nullable=False, default=list),
    sa.Column("addresses", sa.JSON, nullable=False, default=dict),  # network name -> [addr]
    sa.Column("block_devices", sa.JSON, nullable=False, default=list),
    sa.Column("security_groups", sa.JSON, nullable=False, default=list),
    sa.Column("requested_networks", sa.JSON, nullable=True),
    sa.Column("scheduler_hints", sa.JSON, nullable=False, default=dict),
    sa.Column("fault", sa.JSON, nullable=True),  # {"code", "message", "details", "created"}
    sa.Column("trusted_certs", sa.JSON, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    # no index: every write of an instance changes it (five a boot/delete cycle), and no query is served
    # by one on SQLite (changes-since reads the project's page index, or all rows in created_at order)
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.Column("launched_at", sa.DateTime, nullable=True),
    sa.Column("terminated_at", sa.DateTime, nullable=True),
    sa.Column("deleted", sa.Boolean, nullable=False, default=False),  # ix_compute_instances_page leads with it
    sa.Column("deleted_at", sa.DateTime, nullable=True),
    # a server list page (a project's, or all of them for admins) in Nova's default order, newest
    # first, read straight from the index: its cost stays flat however many servers exist
    sa.Index("ix_compute_instances_project_page", "project_id", "deleted", "created_at", "id"),
    sa.Index("ix_compute_instances_page", "deleted", "created_at", "id"),
    # a host's live instances (the resource tracker counts them after every build and delete) without
    # stepping over the deleted ones, which pile up as the cloud is used
    sa.Index("ix_compute_instances_host_live", "host", "deleted"),
)

migrations = sa.Table(
    "compute_migrations", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uuid", ID, nullable=False, unique=True),
    sa.Column("instance_uuid", ID, nullable=False, index=True),
    sa.Column("project_id", ID, nullable=True),
    sa.Column("user_id", ID, nullable=True),
    sa.Column("source_compute", sa.String(255), nullable=True),
    sa.Column("dest_compute", sa.String(255), nullable=True),
    sa.Column("source_node", sa.String(255), nullable=True),
    sa.Column("dest_node", sa.String(255), nullable=True),
    sa.Column("dest_host", sa.String(255), nullable=True),
    sa.Column("old_instance_type_id", ID, nullable=True),
    sa.Column("new_instance_type_id", ID, nullable=True),
    sa.Column("migration_type", sa.String(32), nullable=False),  # resize, migration, live-migration, evacuation
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
)

instance_actions = sa.Table(
    "compute_instance_actions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("instance_uuid", ID, nullable=False),
    sa.Column("request_id", sa.String(64), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("project_id", ID, nullable=True),
    sa.Column("user_id", ID, nullable=True),
    sa.Column("message", sa.Text, nullable=True),
    sa.Column("start_time", sa.DateTime, nullable=True),
    sa.Column("finish_time", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.Column("events", sa.JSON, nullable=False, default=list),
    # every query names the instance, most the request too (an event finds its action by both): one
    # index serves them all, one entry to write per action instead of two
    sa.Index("ix_compute_instance_actions_instance_request", "instance_uuid", "request_id"),
)

# quota limits per project (and per user within a project), Nova's quota_sets
quotas = sa.Table(
    "compute_quotas", metadata,
    sa.Column("project_id", ID, primary_key=True),
    sa.Column("user_id", ID, primary_key=True, default=""),  # "" for the project-wide limit
    sa.Column("resource", sa.String(64), primary_key=True),
    sa.Column("hard_limit", sa.Integer, nullable=False),
)

quota_classes = sa.Table(
    "compute_quota_classes", metadata,
    sa.Column("class_name", sa.String(255), primary_key=True),
    sa.Column("resource", sa.String(64), primary_key=True),
    sa.Column("hard_limit", sa.Integer, nullable=False),
)
