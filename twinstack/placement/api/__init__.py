"""Placement's HTTP handlers, one module per resource."""
