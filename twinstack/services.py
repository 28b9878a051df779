"""The services this cloud runs, in start order. Routing is data: this list is the whole registry.

Identity first (the catalog and tokens), Placement before Compute (hosts report inventory at start),
Image, Network and Block Storage before Compute boots anything that needs them.
"""

from __future__ import annotations

from twinstack.core.provider import Provider


def providers() -> list[Provider]:
    from twinstack.identity.provider import IdentityProvider

    found: list[Provider] = [IdentityProvider()]
    # Each service package exposes PROVIDER in provider.py once it serves an API.
    for module in ("placement", "image", "network", "block_storage", "compute"):
        try:
            mod = __import__(f"twinstack.{module}.provider", fromlist=["PROVIDER"])
        except ModuleNotFoundError as exc:
            if exc.name != f"twinstack.{module}.provider":
                raise
            continue
        found.append(mod.PROVIDER)
    return found
