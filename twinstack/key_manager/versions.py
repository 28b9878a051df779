"""Barbican's one API version, v1, with microversions 1.0 and 1.1 (1.1 added secret consumers). One line
per version, as Placement keeps its history."""

from __future__ import annotations

MIN = "1.0"
MAX = "1.1"
HISTORY = {
    "1.0": "secrets, secret metadata, containers, container consumers, orders, ACLs, quotas",
    "1.1": "secret consumers",
}
