"""Cinder's request bodies as JSON Schema, one module per API resource (``create``, ``update``,
and a ``_v3_N`` suffix where a microversion changes a body)."""
