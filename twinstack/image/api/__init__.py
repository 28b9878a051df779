"""Glance v2 handlers, one module per resource."""
