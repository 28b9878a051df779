"""Placement's route table: path -> method -> handler (everything below ``/placement``).
Methods not listed answer 405 with an Allow header, as Placement's own table does."""

from __future__ import annotations

from twinstack.core.pipeline import Handler
from twinstack.placement.api import (
    aggregates,
    allocations,
    candidates,
    classes,
    inventories,
    providers,
    reshaper,
    root,
    traits,
    usages,
)

ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/", {"GET": root.home}),
    ("/resource_providers", {"GET": providers.list_providers, "POST": providers.create_provider}),
    ("/resource_providers/{uuid}", {"GET": providers.show_provider, "PUT": providers.update_provider,
                                    "DELETE": providers.delete_provider}),
    ("/resource_providers/{uuid}/inventories", {"GET": inventories.list_inventories, "POST": inventories.create_one,
                                                "PUT": inventories.replace_all, "DELETE": inventories.delete_all}),
    ("/resource_providers/{uuid}/inventories/{resource_class}", {
        "GET": inventories.show_one, "PUT": inventories.update_one, "DELETE": inventories.delete_one}),
    ("/resource_providers/{uuid}/usages", {"GET": usages.for_provider}),
    ("/resource_providers/{uuid}/aggregates", {"GET": aggregates.list_aggregates, "PUT": aggregates.put_aggregates}),
    ("/resource_providers/{uuid}/allocations", {"GET": allocations.for_provider}),
    ("/resource_providers/{uuid}/traits", {"GET": traits.list_provider_traits, "PUT": traits.put_provider_traits,
                                           "DELETE": traits.delete_provider_traits}),
    *classes.ROUTES,
    *traits.ROUTES,
    ("/allocations", {"POST": allocations.post}),
    ("/allocations/{consumer_uuid}", {"GET": allocations.show, "PUT": allocations.put,
                                      "DELETE": allocations.delete}),
    ("/allocation_candidates", {"GET": candidates.list_candidates}),
    ("/usages", {"GET": usages.for_project}),
    ("/reshaper", {"POST": reshaper.reshape}),
]
