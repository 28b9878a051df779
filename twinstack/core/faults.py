"""The fault engine: one place where a cloud is told to misbehave.

A rule has a ``match`` (service, operation = "METHOD /route/template", method, path glob, project,
user, resource name regex, microversion, host, or a service-level ``event``) and an ``action``: an
HTTP error in the service's own format (with ``Retry-After``), added latency, a dropped connection,
"fail the first N then succeed", a probability drawn from the seeded generator, or an OpenStack-level
``outcome`` that a service applies at its decision point (a build that ends in ERROR, NoValidHost, a
volume stuck attaching, ...). Rules come from the model's ``faults:`` or ``/_twinstack/faults``; each
counts how often it fired.
"""

from __future__ import annotations

import asyncio
import fnmatch
import random
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from twinstack.core.errors import ApiError

if TYPE_CHECKING:
    from twinstack.core.pipeline import Req

# Outcomes a service applies when it reaches the matching event.
EVENT_OUTCOMES = {
    "server_error": "compute.build",  # the build fails: server ERROR with params.message as its fault
    "reschedule": "compute.build",  # the build fails on the first host, then succeeds elsewhere
    "no_valid_host": "compute.schedule",  # the scheduler finds no host
    "volume_stuck_attaching": "volume.attach",
    "volume_error": "volume.create",
    "port_binding_failure": "network.bind",
    "image_upload_killed": "image.upload",
    "amphora_boot_failure": "load_balancer.amphora",  # an amphora never comes up: its load balancer ERROR
    "member_offline": "load_balancer.member",  # the health manager sees a member OFFLINE
    "member_error": "load_balancer.member",  # a member fails its health checks: ERROR
    "zone_stuck_pending": "dns.zone",  # Designate's worker never answers: the zone stays PENDING
    "object_put_interrupted": "object_storage.put",  # the PUT fails mid-stream: an error, nothing stored
    "order_error": "key_manager.order",  # the order ends ERROR (params.code, params.reason), no secret
}
# Outcomes applied once, when the rule is added: they change the cloud's state.
IMMEDIATE_OUTCOMES = ("host_down", "host_up", "token_revoked")
Outcome = Literal["server_error", "reschedule", "no_valid_host", "volume_stuck_attaching", "volume_error",
                  "port_binding_failure", "image_upload_killed", "amphora_boot_failure", "member_offline",
                  "member_error", "zone_stuck_pending", "object_put_interrupted", "order_error", "host_down",
                  "host_up", "token_revoked"]


class FaultMatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service: str | None = None  # identity, compute, placement, image, network, block_storage, object_storage, dns,
    # key_manager
    operation: str | None = None  # "POST /v2.1/servers" (the route template below the service prefix)
    method: str | None = None
    path: str | None = None  # glob on the path below the service prefix: /v2.1/servers/*
    project: str | None = None  # id or name
    user: str | None = None  # id or name
    name: str | None = None  # regex on the resource name (request body or event)
    microversion: str | None = None
    host: str | None = None
    event: str | None = None

    @field_validator("name")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @field_validator("service")
    @classmethod
    def _service(cls, value: str | None) -> str | None:
        aliases = {
            "volume": "block_storage",
            "block-storage": "block_storage",
            "keystone": "identity",
            "nova": "compute",
            "glance": "image",
            "neutron": "network",
            "cinder": "block_storage",
            "octavia": "load_balancer",
            "load-balancer": "load_balancer",
            "swift": "object_storage",
            "object-store": "object_storage",
            "designate": "dns",
            "barbican": "key_manager",
            "key-manager": "key_manager",
        }
        return aliases.get(value, value) if value else value


class FaultAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: int | None = Field(None, ge=400, le=599)
    message: str | None = None
    retry_after: int | None = Field(None, ge=0)
    latency_ms: float = Field(0.0, ge=0, le=600000)
    drop_connection: bool = False
    outcome: Outcome | None = None
    params: dict[str, Any] = {}


class FaultRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    name: str | None = None
    match: FaultMatch = FaultMatch()
    action: FaultAction
    fail_first: int | None = Field(None, ge=1, description="fire for the first N matches, then never")
    probability: float = Field(1.0, ge=0.0, le=1.0)
    fired: int = 0

    @model_validator(mode="after")
    def _consistent(self) -> FaultRule:
        a = self.action
        if not (a.status or a.latency_ms or a.drop_connection or a.outcome):
            raise ValueError("the action does nothing: give status, latency_ms, drop_connection or outcome")
        if a.outcome in EVENT_OUTCOMES and self.match.event is None:
            self.match.event = EVENT_OUTCOMES[a.outcome]
        if a.outcome in ("host_down", "host_up") and not (a.params.get("host") or self.match.host):
            raise ValueError(f"outcome {a.outcome} needs the host (match.host or action.params.host)")
        if a.outcome == "token_revoked" and not (a.params.get("user") or self.match.user):
            raise ValueError("outcome token_revoked needs the user (match.user or action.params.user)")
        return self


class DropConnection(Exception):
    """Raised by the engine to make the server close the connection without an answer."""


class FaultEngine:
    def __init__(self, seed: int | None = None) -> None:
        self.rules: dict[str, FaultRule] = {}
        self.rng = random.Random(seed)
        self._next = 1
        self._lock = threading.Lock()
        # outcome name -> callback(rule) applied when an immediate rule is added
        self.effects: dict[str, Callable[[FaultRule], None]] = {}
        # name lookups for project/user matches by name (filled by identity)
        self.resolve_name: Callable[[str, str], str | None] = lambda kind, value: None

    # -- rules ----------------------------------------------------------------------------
    def add(self, data: dict[str, Any] | FaultRule) -> FaultRule:
        rule = data if isinstance(data, FaultRule) else FaultRule.model_validate(data)
        with self._lock:
            rule.id = rule.id or f"fault-{self._next}"
            self._next += 1
            rule.fired = 0
            self.rules[rule.id] = rule
        if rule.action.outcome in IMMEDIATE_OUTCOMES:
            effect = self.effects.get(rule.action.outcome)
            if effect is None:
                del self.rules[rule.id]
                raise ApiError(400, f"outcome {rule.action.outcome} is not available in this cloud")
            effect(rule)
            rule.fired += 1
        return rule

    def delete(self, rule_id: str) -> None:
        if self.rules.pop(rule_id, None) is None:
            raise ApiError(404, f"No fault rule {rule_id}.")

    def clear(self) -> None:
        self.rules.clear()

    # -- matching -------------------------------------------------------------------------
    def _takes(self, rule: FaultRule) -> bool:
        """Count the match; False when fail_first is used up or the dice say no."""
        if rule.fail_first is not None and rule.fired >= rule.fail_first:
            return False
        if rule.probability < 1.0 and self.rng.random() >= rule.probability:
            return False
        rule.fired += 1
        return True

    def _who(
        self,
        match: FaultMatch,
        project_id: str | None,
        user_id: str | None,
        project_name: str | None = None,
        user_name: str | None = None,
    ) -> bool:
        if match.project and match.project not in (project_id, project_name):
            return False
        return not (match.user and match.user not in (user_id, user_name))

    async def before(self, req: Req) -> None:
        """The pipeline's hook: HTTP-level rules act here, before the handler runs."""
        if not self.rules:
            return
        scope = req.raw.scope
        route = scope.get("twinstack.route", "")
        subpath = scope.get("twinstack.subpath", "")
        ctx = req.ctx
        for rule in list(self.rules.values()):
            m = rule.match
            if m.event is not None or rule.action.outcome is not None:
                continue
            if m.service and m.service != req.service.name:
                continue
            if m.method and m.method.upper() != req.method:
                continue
            if m.operation and m.operation != f"{req.method} {route}":
                continue
            if m.path and not fnmatch.fnmatchcase(subpath, m.path):
                continue
            if m.microversion and (req.version is None or str(req.version) != m.microversion):
                continue
            if (m.project or m.user) and (
                ctx is None or not self._who(m, ctx.project_id, ctx.user_id, ctx.project_name, ctx.user_name)
            ):
                continue
            if m.name and not await self._body_name_matches(req, m.name):
                continue
            if not self._takes(rule):
                continue
            scope["twinstack.fault"] = rule.id  # the journal names the rule that answered
            await self._act(rule)

    async def _body_name_matches(self, req: Req, pattern: str) -> bool:
        if req.method not in ("POST", "PUT", "PATCH") or getattr(req, "raw_body", False):
            return False
        if "json" not in req.headers.get("content-type", "json"):
            return False  # a streamed body (image data) is never read whole to look for a name
        try:
            body = await req.json(required=False)
        except ApiError:
            return False
        if not isinstance(body, dict):
            return False
        names = [body.get("name")] + [v.get("name") for v in body.values() if isinstance(v, dict)]
        return any(isinstance(n, str) and re.search(pattern, n) for n in names)

    async def _act(self, rule: FaultRule) -> None:
        action = rule.action
        if action.latency_ms:
            await asyncio.sleep(action.latency_ms / 1000)
        if action.drop_connection:
            raise DropConnection(rule.id)
        if action.status:
            headers = {"Retry-After": str(action.retry_after)} if action.retry_after is not None else {}
            message = action.message or f"Injected fault {rule.name or rule.id}."
            raise ApiError(action.status, message, None, headers)

    def check(self, event: str, **attrs: Any) -> FaultRule | None:
        """A service asks at a decision point: does a rule want this ``event`` to go wrong?

        attrs may carry project_id, user_id, project_name, user_name, name, host, service."""
        for rule in list(self.rules.values()):
            m = rule.match
            if m.event != event:
                continue
            if m.host and m.host != attrs.get("host"):
                continue
            if m.name and not (isinstance(attrs.get("name"), str) and re.search(m.name, attrs["name"])):
                continue
            if not self._who(
                m, attrs.get("project_id"), attrs.get("user_id"), attrs.get("project_name"), attrs.get("user_name")
            ):
                continue
            if self._takes(rule):
                return rule
        return None

    def listing(self) -> list[dict[str, Any]]:
        return [rule.model_dump(exclude_none=True) for rule in self.rules.values()]
