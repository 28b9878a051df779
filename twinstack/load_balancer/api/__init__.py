"""Octavia's v2 handlers, one module per resource."""
