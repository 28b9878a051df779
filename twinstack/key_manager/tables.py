"""Barbican's records in the store. A payload is kept as a Fernet token under the cloud's key-encryption
key (what the simple_crypto plugin does with its KEK), never in clear; metadata, ACLs and consumers are
JSON on their owner's row because nothing queries into them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.store import metadata


def _owned() -> list[sa.Column[Any]]:
    """What every Barbican record has: its id, the project that owns it, the user who made it, when."""
    return [sa.Column("id", sa.String(36), primary_key=True),
            sa.Column("project_id", sa.String(64), nullable=False, index=True),
            sa.Column("creator_id", sa.String(64), nullable=False),
            sa.Column("created_at", sa.DateTime, nullable=False),
            sa.Column("updated_at", sa.DateTime, nullable=False)]

secrets = sa.Table(
    "km_secrets", metadata, *_owned(),
    sa.Column("name", sa.String(255), nullable=True),
    sa.Column("algorithm", sa.String(255), nullable=True),
    sa.Column("bit_length", sa.Integer, nullable=True),
    sa.Column("mode", sa.String(255), nullable=True),
    sa.Column("secret_type", sa.String(255), nullable=False),
    sa.Column("expiration", sa.DateTime, nullable=True),
    sa.Column("content_type", sa.String(255), nullable=True),  # what the payload was stored as
    sa.Column("payload", sa.Text, nullable=True),  # Fernet token of the raw bytes
    sa.Column("meta", sa.JSON, nullable=False),  # user metadata: key -> value
    sa.Column("acl", sa.JSON, nullable=False),  # {"read": {"users": [...], "project-access": bool, ...}}
    sa.Column("consumers", sa.JSON, nullable=False),  # [{"service", "resource_type", "resource_id", "created"}]
)

containers = sa.Table(
    "km_containers", metadata, *_owned(),
    sa.Column("name", sa.String(255), nullable=True),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("secret_refs", sa.JSON, nullable=False),  # [{"name", "secret_id"}]
    sa.Column("acl", sa.JSON, nullable=False),
    sa.Column("consumers", sa.JSON, nullable=False),  # [{"name", "URL", "created"}]
)

orders = sa.Table(
    "km_orders", metadata, *_owned(),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("secret_id", sa.String(36), nullable=True),
    sa.Column("container_id", sa.String(36), nullable=True),
    sa.Column("error_status_code", sa.String(16), nullable=True),  # an order in ERROR: why (the worker's words)
    sa.Column("error_reason", sa.String(255), nullable=True),
)

quotas = sa.Table(
    "km_project_quotas", metadata,
    sa.Column("project_id", sa.String(64), primary_key=True),
    sa.Column("quotas", sa.JSON, nullable=False),  # secrets, orders, containers, consumers, cas
)

# what Barbican's sync_secret_stores writes at start when multiple backends are enabled; empty when they are not
secret_stores = sa.Table(
    "km_secret_stores", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False, unique=True),
    sa.Column("store_plugin", sa.String(255), nullable=False),
    sa.Column("crypto_plugin", sa.String(255), nullable=True),
    sa.Column("global_default", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

# project_secret_store: a project's preferred store
preferred_stores = sa.Table(
    "km_preferred_stores", metadata,
    sa.Column("project_id", sa.String(64), primary_key=True),
    sa.Column("store_id", sa.String(36), nullable=False),
)
