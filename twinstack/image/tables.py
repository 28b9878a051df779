"""Image's tables, in the shape of Glance's own: images, their extra properties (kept as one JSON
column), tags and members in their own tables so the ``tag`` and ``member_status`` filters are
indexed lookups, the task records the import API leaves behind, and the image cache's queue and
entries."""

from __future__ import annotations

import sqlalchemy as sa

from twinstack.core.store import metadata

ID = sa.String(64)

images = sa.Table(
    "image_images", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(255), nullable=True, index=True),
    sa.Column("status", sa.String(30), nullable=False, index=True),
    sa.Column("visibility", sa.String(20), nullable=False, index=True),
    sa.Column("owner", ID, nullable=True, index=True),  # project id
    sa.Column("disk_format", sa.String(20), nullable=True),
    sa.Column("container_format", sa.String(20), nullable=True),
    sa.Column("size", sa.BigInteger, nullable=True, index=True),
    sa.Column("virtual_size", sa.BigInteger, nullable=True),
    sa.Column("checksum", sa.String(32), nullable=True),
    sa.Column("os_hash_algo", sa.String(64), nullable=True),
    sa.Column("os_hash_value", sa.String(128), nullable=True),
    sa.Column("min_disk", sa.Integer, nullable=False, default=0),
    sa.Column("min_ram", sa.Integer, nullable=False, default=0),
    sa.Column("protected", sa.Boolean, nullable=False, default=False),
    sa.Column("os_hidden", sa.Boolean, nullable=False, default=False, index=True),
    sa.Column("properties", sa.JSON, nullable=False, default=dict),  # Glance's "extra properties"
    sa.Column("tags", sa.JSON, nullable=False, default=list),  # in the order they were added
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    sa.Column("updated_at", sa.DateTime, nullable=False, index=True),
    # where the data lives: a path relative to the state dir's images/ directory, or absolute
    sa.Column("location", sa.Text, nullable=True),
    sa.Column("staged_size", sa.BigInteger, nullable=True),  # data waiting in the staging area
    sa.Column("import_task", sa.String(36), nullable=True),
    # the default list, newest first: keyset pages on (created_at, id) with the os_hidden filter every
    # list has (without these SQLite filtered by os_hidden and sorted every image per page)
    sa.Index("ix_image_images_page", "os_hidden", "created_at", "id"),
    sa.Index("ix_image_images_created", "created_at", "id"),
)

image_tags = sa.Table(
    "image_tags", metadata,
    sa.Column("image_id", sa.String(36), sa.ForeignKey("image_images.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag", sa.String(255), primary_key=True, index=True),
)

members = sa.Table(
    "image_members", metadata,
    sa.Column("image_id", sa.String(36), sa.ForeignKey("image_images.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("member_id", ID, primary_key=True, index=True),  # a project id
    sa.Column("status", sa.String(20), nullable=False, default="pending"),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

tasks = sa.Table(
    "image_tasks", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("type", sa.String(30), nullable=False),
    sa.Column("status", sa.String(30), nullable=False, index=True),
    sa.Column("owner", ID, nullable=True, index=True),
    sa.Column("user_id", ID, nullable=True),
    sa.Column("request_id", sa.String(64), nullable=True),
    sa.Column("image_id", sa.String(36), nullable=True, index=True),
    sa.Column("input", sa.JSON, nullable=False, default=dict),
    sa.Column("result", sa.JSON, nullable=True),
    sa.Column("message", sa.Text, nullable=False, default=""),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    sa.Column("updated_at", sa.DateTime, nullable=False, index=True),
    sa.Column("expires_at", sa.DateTime, nullable=True),
)

# -- the image cache (Glance's centralized_db cache driver: its queue, then its cached entries) --

cache_queue = sa.Table(
    "image_cache_queue", metadata,
    sa.Column("image_id", sa.String(36), primary_key=True),  # not a foreign key: a queued id may be deleted
    sa.Column("queued_at", sa.DateTime, nullable=False, index=True),
)

cached_images = sa.Table(
    "image_cached_images", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("image_id", sa.String(36), nullable=False, unique=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("hits", sa.Integer, nullable=False, default=0),
    sa.Column("checksum", sa.String(32), nullable=True),
    sa.Column("last_accessed", sa.DateTime, nullable=False, index=True),
    sa.Column("last_modified", sa.DateTime, nullable=False),
)

# -- metadata definitions (Glance's metadefs catalog) ------------------------------------------

metadef_namespaces = sa.Table(
    "image_metadef_namespaces", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("namespace", sa.String(80), nullable=False, unique=True),
    sa.Column("display_name", sa.String(80), nullable=True),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("visibility", sa.String(32), nullable=False, default="private"),
    sa.Column("protected", sa.Boolean, nullable=False, default=False),
    sa.Column("owner", ID, nullable=True, index=True),
    sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

# objects, properties and tags of a namespace: one table, ``kind`` tells them apart
metadef_items = sa.Table(
    "image_metadef_items", metadata,
    sa.Column("namespace_id", sa.String(36), sa.ForeignKey("image_metadef_namespaces.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("kind", sa.String(10), primary_key=True),  # object, property, tag
    sa.Column("name", sa.String(255), primary_key=True),
    sa.Column("body", sa.JSON, nullable=False, default=dict),  # the definition as the API shows it
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

metadef_resource_types = sa.Table(
    "image_metadef_resource_types", metadata,
    sa.Column("name", sa.String(80), primary_key=True),
    sa.Column("protected", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

metadef_associations = sa.Table(
    "image_metadef_associations", metadata,
    sa.Column("namespace_id", sa.String(36), sa.ForeignKey("image_metadef_namespaces.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("resource_type", sa.String(80), sa.ForeignKey("image_metadef_resource_types.name",
                                                            ondelete="CASCADE"), primary_key=True),
    sa.Column("prefix", sa.String(80), nullable=True),
    sa.Column("properties_target", sa.String(80), nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)


# SQLite reads a JSON path as '$."<key>"': a key with a double quote, a backslash or a NUL breaks the path
# (a 500 found by the fuzzer: GET /v2/images?%00=1), and PostgreSQL's text holds no NUL. No stored property
# is filtered that way, so such a filter matches nothing, as in Glance, where no image has that key.
_UNPATHABLE = ('"', "\\", "\x00")


def property_equals(key: str, value: str) -> sa.ColumnElement[bool]:
    """``properties[key] == value`` as a filter on the images table."""
    if any(ch in key for ch in _UNPATHABLE) or "\x00" in value:
        return sa.false()
    return images.c.properties[key].as_string() == value
