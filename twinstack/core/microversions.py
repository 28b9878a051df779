"""Microversion negotiation: the ``OpenStack-API-Version`` header and its legacy per-service twins.

Rules followed (nova/api/openstack/api_version_request.py, microversion-parse):
no header means the minimum; ``latest`` means the maximum; a malformed value is 400; a value outside
[min, max] is 406; the answer carries the chosen version and ``Vary`` on the headers read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import total_ordering

from starlette.datastructures import Headers

from twinstack.core.errors import ApiError

_VERSION_RE = re.compile(r"^([1-9]\d*)\.([1-9]\d*|0)$")


@total_ordering
@dataclass(frozen=True, slots=True)
class Version:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _VERSION_RE.match(text.strip())
        if not match:
            raise ApiError(400, f"API Version String {text} is of invalid format. Must be of format MajorNum.MinorNum.")
        return cls(int(match.group(1)), int(match.group(2)))

    def __lt__(self, other: object) -> bool:
        if isinstance(other, tuple):
            return (self.major, self.minor) < other
        if isinstance(other, Version):
            return (self.major, self.minor) < (other.major, other.minor)
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        if isinstance(other, tuple):
            return (self.major, self.minor) == other
        if isinstance(other, Version):
            return (self.major, self.minor) == (other.major, other.minor)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.major, self.minor))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


@dataclass(frozen=True)
class Microversions:
    """What one service accepts: its header name in ``OpenStack-API-Version`` and its legacy header."""

    service: str  # "compute", "volume", "placement"
    minimum: Version
    maximum: Version
    legacy_header: str | None = None  # X-OpenStack-Nova-API-Version
    # Nova's wsgi.Request sets the version before checking its range, so its 406 Fault still echoes the
    # version asked for (and Vary); Placement's middleware answers before setting one.
    echo_on_406: bool = False
    # What every request would otherwise compute again: the version a header value asks for (when it is
    # one this service speaks), and the answer's headers and journal label per version. Bounded: a value
    # is only kept once it names a version in range, and there are few of those.
    _chosen: dict[str, Version] = field(default_factory=dict, init=False, compare=False, repr=False)
    _answers: dict[Version, tuple[tuple[tuple[bytes, bytes], ...], str]] = field(
        default_factory=dict, init=False, compare=False, repr=False)

    def negotiate(self, headers: Headers) -> Version:
        requested = self._requested(headers)
        if requested is None:
            return self.minimum
        chosen = self._chosen.get(requested)
        if chosen is not None:
            return chosen
        version = self._negotiate(requested)
        if len(self._chosen) < 1024:
            self._chosen[requested] = version
        return version

    def _negotiate(self, requested: str) -> Version:
        if requested.strip().lower() == "latest":
            return self.maximum
        version = Version.parse(requested)
        if not (self.minimum <= version <= self.maximum):
            raise ApiError(
                406,
                f"Version {version} is not supported by the API. "
                f"Minimum is {self.minimum} and maximum is {self.maximum}.",
                None,  # (a 406 is answered before a version is set: Placement's body has no code for it)
                self.response_headers(version) if self.echo_on_406 else None,
                {"min_version": str(self.minimum), "max_version": str(self.maximum)},
            )
        return version

    def _requested(self, headers: Headers) -> str | None:
        for value in headers.getlist("openstack-api-version"):
            for item in value.split(","):
                parts = item.strip().split(None, 1)
                if len(parts) == 2 and parts[0].lower() == self.service:
                    return parts[1]
        if self.legacy_header:
            return headers.get(self.legacy_header)
        return None

    def raw_response_headers(self, version: Version) -> tuple[tuple[bytes, bytes], ...]:
        """``response_headers`` as an answer's raw header lines (names in lower case, as Starlette adds them)."""
        return self._answer(version)[0]

    def label(self, version: Version) -> str:
        """The version as the journal and fault rules write it (``2.72``)."""
        return self._answer(version)[1]

    def _answer(self, version: Version) -> tuple[tuple[tuple[bytes, bytes], ...], str]:
        answer = self._answers.get(version)
        if answer is None:
            raw = tuple((name.lower().encode("latin-1"), value.encode("latin-1"))
                        for name, value in self.response_headers(version).items())
            answer = self._answers[version] = (raw, str(version))
        return answer

    def response_headers(self, version: Version) -> dict[str, str]:
        headers = {"OpenStack-API-Version": f"{self.service} {version}"}
        vary = ["OpenStack-API-Version"]
        if self.legacy_header:
            headers[self.legacy_header] = str(version)
            vary.append(self.legacy_header)
        headers["Vary"] = ", ".join(vary)
        return headers
