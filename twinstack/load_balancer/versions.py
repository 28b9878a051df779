"""Octavia speaks v2 with no microversions; its root lists the v2.x API revisions (one line each)."""

from __future__ import annotations

HISTORY = {
    "v2.0": "load balancers, listeners, pools, members, health monitors, L7 policies and rules, quotas",
    "v2.1": "amphora failover",
    "v2.5": "flavors and flavor profiles",
    "v2.14": "availability zones and their profiles",
    "v2.28": "the latest revision Octavia 2026.1 reports; twinstack answers as it",
}
