"""Designate's v2 handlers."""
