"""Swift's three levels in the store. Names are kept as UTF-8 bytes because Swift orders every listing by
the bytes of the name (its SQLite databases compare UTF-8 text bytewise), and bytes keep that order, and
a 1 KiB key, on PostgreSQL and MariaDB alike. Objects hang off an integer container id so their key stays
short; a container's object count and bytes move in the transaction that writes the object."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.store import metadata


class Utf8Name(sa.types.TypeDecorator[str]):
    """A str stored as its UTF-8 bytes (VARBINARY on MariaDB, bytea on PostgreSQL, BLOB on SQLite)."""

    impl = sa.LargeBinary
    cache_ok = True

    def __init__(self, length: int) -> None:
        super().__init__()
        self.length = length

    def load_dialect_impl(self, dialect: sa.Dialect) -> Any:
        if dialect.name in ("mysql", "mariadb"):
            return dialect.type_descriptor(sa.VARBINARY(self.length))  # the class mysql.VARBINARY names
        return dialect.type_descriptor(sa.LargeBinary())

    def process_bind_param(self, value: str | None, dialect: sa.Dialect) -> bytes | None:
        return None if value is None else value.encode("utf-8", "surrogateescape")

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> str | None:
        return None if value is None else bytes(value).decode("utf-8", "surrogateescape")


accounts = sa.Table(
    "swift_accounts", metadata,
    sa.Column("account", sa.String(255), primary_key=True),  # AUTH_<project id>
    sa.Column("created_at", sa.Double, nullable=False),
    sa.Column("put_timestamp", sa.Double, nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),  # lower-case header -> value (x-account-meta-*, quotas, keys)
)

containers = sa.Table(
    "swift_containers", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(255), nullable=False),
    sa.Column("name", Utf8Name(256), nullable=False),
    sa.Column("created_at", sa.Double, nullable=False),
    sa.Column("put_timestamp", sa.Double, nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),  # x-container-meta-*, x-container-read/-write, versions ...
    sa.Column("object_count", sa.BigInteger, nullable=False, default=0),
    sa.Column("bytes_used", sa.BigInteger, nullable=False, default=0),
    sa.UniqueConstraint("account", "name", name="uq_swift_containers_account_name"),
)

objects = sa.Table(
    "swift_objects", metadata,
    sa.Column("container_id", sa.Integer, primary_key=True),
    sa.Column("name", Utf8Name(1024), primary_key=True),
    sa.Column("timestamp", sa.Double, nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("etag", sa.String(64), nullable=False),
    sa.Column("content_type", sa.String(256), nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),  # x-object-meta-*, content-disposition/-encoding, manifests
    sa.Column("location", sa.String(255), nullable=True),  # the data file, below <state dir>/objects
    sa.Column("delete_at", sa.Double, nullable=True, index=True),  # X-Delete-At, on the cloud clock
)
