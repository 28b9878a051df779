"""Designate's errors (designate/exceptions.py): an HTTP code and a snake_case ``type`` each, rendered by
core/errors.py's ``designate`` format as ``{"code", "type", "message", "request_id"}``."""

from __future__ import annotations

from twinstack.core.errors import ApiError


def invalid_object(message: str) -> ApiError:
    return ApiError(400, message, "invalid_object")


def bad_request(message: str) -> ApiError:
    return ApiError(400, message, "bad_request")


def invalid_zone_name(message: str) -> ApiError:
    return ApiError(400, message, "invalid_zone_name")


def invalid_recordset_name(message: str) -> ApiError:
    return ApiError(400, message, "invalid_recordset_name")


def invalid_recordset_location(message: str) -> ApiError:
    return ApiError(400, message, "invalid_recordset_location")


def invalid_sort_key(key: str) -> ApiError:
    return ApiError(400, f"sort key must be one of {key}", "invalid_sort_key")


def marker_not_found(marker: str) -> ApiError:
    return ApiError(400, f"Marker {marker} could not be found", "marker_not_found")


def zone_not_found() -> ApiError:
    return ApiError(404, "Could not find Zone", "zone_not_found")


def recordset_not_found() -> ApiError:
    return ApiError(404, "Could not find RecordSet", "recordset_not_found")


def duplicate_zone() -> ApiError:
    return ApiError(409, "Duplicate Zone", "duplicate_zone")


def duplicate_recordset() -> ApiError:
    return ApiError(409, "Duplicate RecordSet", "duplicate_recordset")


def bad_action(message: str) -> ApiError:
    """A zone or recordset that is being deleted takes no more changes."""
    return ApiError(400, message, "bad_request")


def not_found(kind: str, what: str) -> ApiError:
    """``tld_not_found``, ``blacklist_not_found``, ``pool_not_found``, ``zone_transfer_request_not_found`` ..."""
    return ApiError(404, f"Could not find {what}", f"{kind}_not_found")


def duplicate(kind: str, what: str) -> ApiError:
    return ApiError(409, f"Duplicate {what}", f"duplicate_{kind}")


def invalid_key() -> ApiError:
    """IncorrectZoneTransferKey: a 403 whose type says why."""
    return ApiError(403, "Key does not match", "invalid_key")


def invalid_transfer(message: str) -> ApiError:
    return ApiError(400, message, "invalid_zone_transfer_request")


def over_quota(resource: str) -> ApiError:
    return ApiError(413, f"Quota exceeded for {resource}.", "over_quota")


def forbidden(message: str) -> ApiError:
    return ApiError(403, message, "forbidden")
