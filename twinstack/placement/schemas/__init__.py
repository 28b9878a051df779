"""Placement's request bodies as JSON Schema, one module per resource and one name per microversion
where the body changed (``update``, ``update_v1_8``, ...: the schema in force from that version on)."""
