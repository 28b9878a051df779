"""Swift has one API version and no microversions; ``/info`` says which middleware (capabilities) is on.
One line per version, as Placement keeps its history."""

from __future__ import annotations

HISTORY = {
    "v1": "accounts, containers, objects; listings in text/JSON/XML; ranges, conditionals, copies, "
          "ACLs, expiring objects, large objects, bulk delete, TempURL, quotas",
}
VALID_API_VERSIONS = ["v1", "v1.0"]
