"""Barbican's one API version, v1, with microversions (``OpenStack-API-Version: key-manager 1.x``, through
microversion-parse's middleware). One line per version, as Placement keeps its history."""

from __future__ import annotations

from twinstack.core.microversions import Microversions, Version

HISTORY = {
    "1.0": "secrets, secret metadata, containers, container consumers, orders, ACLs, quotas",
    "1.1": "secret consumers; secrets show their consumers",
    "1.2": "a secret with consumers is not deleted (400) unless ?force=true",
}
MIN = Version(1, 0)
MAX = Version(1, 2)
MICROVERSIONS = Microversions("key-manager", MIN, MAX)
