"""Designate speaks v2 (CURRENT) with no microversions. One line per version."""

from __future__ import annotations

HISTORY = {
    "v2": "zones (PRIMARY), recordsets, with Designate's PENDING -> ACTIVE lifecycle on the cloud clock; "
          "TLDs, blacklists, pools, quotas, transfers, exports/imports, service statuses",
    "v2.1": "shared zones (advertised as CURRENT, as Designate since 2023.1)",
}
