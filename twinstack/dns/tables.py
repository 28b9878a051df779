"""Zones and their recordsets. A recordset keeps its records as a JSON list of strings (Designate stores a
row per record; nothing here asks for one record alone)."""

from __future__ import annotations

import sqlalchemy as sa

from twinstack.core.store import metadata

zones = sa.Table(
    "dns_zones", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("project_id", sa.String(64), nullable=False, index=True),
    sa.Column("name", sa.String(255), nullable=False, unique=True),
    sa.Column("email", sa.String(255), nullable=True),
    sa.Column("ttl", sa.Integer, nullable=False),
    sa.Column("serial", sa.BigInteger, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("masters", sa.JSON, nullable=True),  # a SECONDARY zone's: "host" (port 53) or "host:port"
    sa.Column("transferred_at", sa.String(32), nullable=True),  # a SECONDARY zone's last transfer
    sa.Column("description", sa.String(160), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=True),
)

recordsets = sa.Table(
    "dns_recordsets", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("zone_id", sa.String(36), nullable=False, index=True),
    sa.Column("project_id", sa.String(64), nullable=False),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("type", sa.String(8), nullable=False),
    sa.Column("ttl", sa.Integer, nullable=True),
    sa.Column("records", sa.JSON, nullable=False),
    sa.Column("description", sa.String(160), nullable=True),
    sa.Column("managed", sa.Boolean, nullable=False, default=False),  # SOA and NS: Designate's own
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=True),
    sa.UniqueConstraint("zone_id", "name", "type", name="uq_dns_recordsets_zone_name_type"),
)

transfer_requests = sa.Table(
    "dns_transfer_requests", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("zone_id", sa.String(36), nullable=False, index=True),
    sa.Column("project_id", sa.String(64), nullable=False),  # the giver
    sa.Column("target_project_id", sa.String(64), nullable=True),  # None: any project may accept
    sa.Column("key", sa.String(255), nullable=False),
    sa.Column("description", sa.String(160), nullable=True),
    sa.Column("status", sa.String(16), nullable=False),  # ACTIVE, COMPLETE
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=True),
)

transfer_accepts = sa.Table(
    "dns_transfer_accepts", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("zone_id", sa.String(36), nullable=False),
    sa.Column("transfer_request_id", sa.String(36), nullable=False),
    sa.Column("project_id", sa.String(64), nullable=False),  # the taker
    sa.Column("key", sa.String(255), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=True),
)



def _admin_list(name: str, field: str) -> sa.Table:
    """An admin-kept list: TLDs zones must end in (when any exist), name patterns zones may not have."""
    return sa.Table(
        name, metadata,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(field, sa.String(255), nullable=False, unique=True),
        sa.Column("description", sa.String(160), nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=True),
    )


tlds = _admin_list("dns_tlds", "name")
blacklists = _admin_list("dns_blacklists", "pattern")

# pools the admin added through the (deprecated) pools API, beside DevStack's default one
pools = sa.Table(
    "dns_pools", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(50), nullable=False, unique=True),
    sa.Column("description", sa.String(160), nullable=True),
    sa.Column("attributes", sa.JSON, nullable=False),
    sa.Column("ns_records", sa.JSON, nullable=False),
    sa.Column("project_id", sa.String(64), nullable=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=True),
)

# TSIG keys (admin): a name, algorithm and secret for a zone's or a pool's transfers
tsigkeys = sa.Table(
    "dns_tsigkeys", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(160), nullable=False, unique=True),
    sa.Column("algorithm", sa.String(32), nullable=False),
    sa.Column("secret", sa.String(160), nullable=False),
    sa.Column("scope", sa.String(8), nullable=False),
    sa.Column("resource_id", sa.String(36), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=True),
)

quotas = sa.Table(
    "dns_quotas", metadata,
    sa.Column("project_id", sa.String(64), primary_key=True),
    sa.Column("resource", sa.String(32), primary_key=True),
    sa.Column("hard_limit", sa.Integer, nullable=False),
)

# zone exports and imports (Designate's zone_tasks): PENDING, then COMPLETE or ERROR with a message
zone_tasks = sa.Table(
    "dns_zone_tasks", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("task_type", sa.String(8), nullable=False),  # EXPORT, IMPORT
    sa.Column("project_id", sa.String(64), nullable=False, index=True),
    sa.Column("zone_id", sa.String(36), nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("message", sa.String(160), nullable=True),
    sa.Column("location", sa.String(160), nullable=True),
    sa.Column("source", sa.Text, nullable=True),  # the zone file an import was given
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=True),
)

# shared zones (API 2.1): the owner lets another project see the zone
shared_zones = sa.Table(
    "dns_shared_zones", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("project_id", sa.String(64), nullable=False),  # the owner's
    sa.Column("target_project_id", sa.String(64), nullable=False),
    sa.Column("zone_id", sa.String(36), nullable=False, index=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=True),
    sa.UniqueConstraint("zone_id", "target_project_id", name="uq_dns_shared_zones_zone_target"),
)

# PTR records of floating IPs (/v2/reverse/floatingips), by Designate's key <region>:<floating ip id>
ptrs = sa.Table(
    "dns_ptrs", metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("project_id", sa.String(64), nullable=False, index=True),
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("ptrdname", sa.String(255), nullable=False),
    sa.Column("description", sa.String(160), nullable=True),
    sa.Column("ttl", sa.Integer, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
)
