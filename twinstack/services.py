"""The services this cloud runs, in start order. Routing is data: this list is the whole registry.

Identity first (the catalog and tokens), Placement before Compute (hosts report inventory at start),
Image, Network and Block Storage before Compute boots anything that needs them. Each cloud gets its
own provider objects, so two clouds in one process share no state.
"""

from __future__ import annotations

from twinstack.block_storage.provider import BlockStorageProvider
from twinstack.compute.provider import ComputeProvider
from twinstack.core.provider import Provider
from twinstack.dns.provider import DnsProvider
from twinstack.identity.provider import IdentityProvider
from twinstack.image.provider import ImageProvider
from twinstack.key_manager.provider import KeyManagerProvider
from twinstack.load_balancer.provider import LoadBalancerProvider
from twinstack.network.provider import NetworkProvider
from twinstack.object_storage.provider import ObjectStorageProvider
from twinstack.orchestration.provider import OrchestrationProvider
from twinstack.placement.provider import PlacementProvider


def providers() -> list[Provider]:
    return [IdentityProvider(), PlacementProvider(), ImageProvider(), NetworkProvider(),
            BlockStorageProvider(), ComputeProvider(), ObjectStorageProvider(), DnsProvider(),
            KeyManagerProvider(), LoadBalancerProvider(),
            OrchestrationProvider()]
