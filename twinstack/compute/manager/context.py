"""What the compute API knows of a request (Nova's RequestContext, small): the caller, the request
id, the cloud and the microversion; never the HTTP request, so the same calls serve any front end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from twinstack.core.context import Context

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.core.pipeline import Req


@dataclass(frozen=True, slots=True)
class RequestContext:
    cloud: "Cloud"
    caller: Context
    request_id: str
    version: tuple[int, int] | None = None

    @classmethod
    def from_req(cls, req: "Req") -> "RequestContext":
        version = req.version
        return cls(req.cloud, req.context, req.request_id,
                   (version.major, version.minor) if version is not None else None)

    @property
    def project_id(self) -> str | None:
        return self.caller.project_id

    @property
    def user_id(self) -> str:
        return self.caller.user_id

    @property
    def is_admin(self) -> bool:
        return self.caller.is_admin

    def can(self, rule: str, target: dict[str, Any] | None = None) -> None:
        """Raise 403 unless policy allows ``rule`` on ``target`` (Nova's context.can)."""
        self.cloud.policy.authorize(rule, target or {}, self.caller)

    def allowed(self, rule: str, target: dict[str, Any] | None = None) -> bool:
        return bool(self.cloud.policy.allowed(rule, target or {}, self.caller))

    def at_least(self, major: int, minor: int) -> bool:
        return self.version is not None and self.version >= (major, minor)

    def now(self) -> datetime:
        return self.cloud.clock.now()
