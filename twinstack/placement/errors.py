"""Placement's error codes: the ``code`` of each ``{"errors": [...]}`` entry, which clients (Nova's
report client, osc-placement) branch on. The body itself is core/errors.py's ``placement_format``."""

from __future__ import annotations

from twinstack.core.errors import ApiError

CONCURRENT_UPDATE = "placement.concurrent_update"  # a stale provider or consumer generation
DUPLICATE_NAME = "placement.duplicate_name"
INVENTORY_INUSE = "placement.inventory.inuse"
PROVIDER_IN_USE = "placement.resource_provider.inuse"
CANNOT_DELETE_PARENT = "placement.resource_provider.cannot_delete_parent"
PROVIDER_NOT_FOUND = "placement.resource_provider.not_found"
BAD_VALUE = "placement.query.bad_value"
DUPLICATE_KEY = "placement.query.duplicate_key"
MISSING_VALUE = "placement.query.missing_value"
# Set by core, which cannot import a service: an error raised without one of the codes above is rendered
# with UNDEFINED (from 1.23; a 406 from negotiation has no version, hence no code).
UNDEFINED = "placement.undefined_code"


def concurrent_update(message: str) -> ApiError:
    """409 for a write that lost a race: the client re-reads the generation and tries again."""
    return ApiError(409, message, CONCURRENT_UPDATE)


def provider_not_found(uuid: str) -> ApiError:
    return ApiError(404, f"No resource provider with uuid {uuid} found", PROVIDER_NOT_FOUND)


def uncaught(err: ApiError) -> ApiError:
    """A NotFound that Placement's handler lets through to its wsgi layer (showing or changing a provider or
    a resource class): it is answered without ``Vary``, see ``ApiError.vary_on_version``."""
    err.vary_on_version = False
    return err
