"""Cinder v3 API handlers, one module per resource."""
