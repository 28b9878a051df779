"""Heat speaks v1 (CURRENT), with no microversions. One line per version."""

from __future__ import annotations

HISTORY = {
    "v1.0": "stacks from HOT templates (create, update, delete, abandon, adopt, preview, snapshots), resources, "
            "events, outputs, template validate, resource types and their schemas, software configs",
}
