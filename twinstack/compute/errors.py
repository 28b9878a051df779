"""Nova's exceptions by name (nova/exception.py), so one error reads the same wherever compute raises it.

Each returns an ``ApiError``: its status and Nova's words; the body is Nova's fault format
(``{"itemNotFound": {"code": 404, "message": ...}}``), rendered by ``core.errors``.
"""

from __future__ import annotations

from twinstack.core.errors import ApiError


def resource_not_found() -> ApiError:
    """webob's plain 404, which Nova answers for a path it has no resource at."""
    return ApiError(404, "The resource could not be found.")


def instance_not_found(uuid: str) -> ApiError:
    return ApiError(404, f"Instance {uuid} could not be found.", "InstanceNotFound")


def marker_not_found(marker: str) -> ApiError:
    return ApiError(400, f"Marker {marker} could not be found.", "MarkerNotFound")


def metadata_item_not_found() -> ApiError:
    return ApiError(404, "Metadata item was not found", "MetadataItemNotFound")


def body_uri_mismatch() -> ApiError:
    return ApiError(400, "Request body and URI mismatch")


def invalid_uuid(value: str) -> ApiError:
    return ApiError(400, f"Invalid uuid {value}", "InvalidUUID")
