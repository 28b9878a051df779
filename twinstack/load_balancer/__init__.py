"""Octavia (load-balancer v2) under ``/load-balancer``."""
