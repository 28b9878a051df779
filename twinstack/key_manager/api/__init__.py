"""Thin handlers: read the path and body, authorize, call the manager, render."""
