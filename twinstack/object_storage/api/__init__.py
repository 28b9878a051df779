"""Thin handlers: parse the path and headers, authorize, call the manager, render."""
