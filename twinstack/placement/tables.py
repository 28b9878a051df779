"""Placement's tables: providers (trees), inventories with their maintained usage, allocations,
consumers, traits, resource classes and aggregates.

``placement_inventories.used`` is the sum of that provider's allocations of that class, updated in the
same transaction as every allocation write, so capacity checks and allocation candidates are single
indexed queries instead of sums over the allocations table.
"""

from __future__ import annotations

import sqlalchemy as sa

from twinstack.core.store import metadata

UUID = sa.String(36)
NAME = sa.String(255)

resource_classes = sa.Table(
    "placement_resource_classes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", NAME, nullable=False, unique=True),
    sa.Column("standard", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
)

traits = sa.Table(
    "placement_traits", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", NAME, nullable=False, unique=True),
    sa.Column("standard", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
)

providers = sa.Table(
    "placement_resource_providers", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uuid", UUID, nullable=False, unique=True),
    sa.Column("name", NAME, nullable=False, unique=True),
    sa.Column("generation", sa.Integer, nullable=False, default=0),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("placement_resource_providers.id"), nullable=True, index=True),
    sa.Column("root_id", sa.Integer, nullable=True, index=True),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
)

inventories = sa.Table(
    "placement_inventories", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("provider_id", sa.Integer, sa.ForeignKey("placement_resource_providers.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("resource_class", NAME, nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("reserved", sa.Integer, nullable=False, default=0),
    sa.Column("min_unit", sa.Integer, nullable=False, default=1),
    sa.Column("max_unit", sa.Integer, nullable=False),
    sa.Column("step_size", sa.Integer, nullable=False, default=1),
    sa.Column("allocation_ratio", sa.Float, nullable=False, default=1.0),
    sa.Column("used", sa.Integer, nullable=False, default=0),  # maintained with every allocation write
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.UniqueConstraint("provider_id", "resource_class", name="uq_placement_inventories_rp_rc"),
    # candidates are searched by class first, then joined per provider
    sa.Index("ix_placement_inventories_rc_rp", "resource_class", "provider_id"),
)

consumers = sa.Table(
    "placement_consumers", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uuid", UUID, nullable=False, unique=True),
    sa.Column("project_id", sa.String(255), nullable=False, index=True),
    sa.Column("user_id", sa.String(255), nullable=False),
    sa.Column("generation", sa.Integer, nullable=False, default=0),
    sa.Column("consumer_type", sa.String(255), nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
)

allocations = sa.Table(
    "placement_allocations", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("provider_id", sa.Integer, sa.ForeignKey("placement_resource_providers.id"), nullable=False),
    sa.Column("consumer_id", UUID, nullable=False, index=True),
    sa.Column("resource_class", NAME, nullable=False),
    sa.Column("used", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.Index("ix_placement_allocations_rp_rc", "provider_id", "resource_class"),
)

provider_traits = sa.Table(
    "placement_provider_traits", metadata,
    sa.Column("provider_id", sa.Integer, sa.ForeignKey("placement_resource_providers.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("trait", NAME, primary_key=True),
    sa.Index("ix_placement_provider_traits_trait", "trait", "provider_id"),
)

provider_aggregates = sa.Table(
    "placement_provider_aggregates", metadata,
    sa.Column("provider_id", sa.Integer, sa.ForeignKey("placement_resource_providers.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("aggregate", UUID, primary_key=True),
    sa.Index("ix_placement_provider_aggregates_agg", "aggregate", "provider_id"),
)
