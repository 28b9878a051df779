"""The fault engine's seam in the pipeline: every request passes ``before`` once it is routed.

Rules (from the model or ``/_twinstack/faults``) match a request and answer an error, add latency or
drop the connection instead of the service. This base engine has no rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twinstack.core.pipeline import Req


class FaultEngine:
    async def before(self, req: "Req") -> None:
        return None
