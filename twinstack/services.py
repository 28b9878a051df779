"""The services this cloud runs, in start order. Routing is data: this list is the whole registry."""

from __future__ import annotations

from twinstack.core.provider import Provider
from twinstack.identity.provider import IdentityProvider


def providers() -> list[Provider]:
    return [IdentityProvider()]
