"""Glance's errors in its own words, rendered in the "glance" fault format (the title and the
explanation as webob's HTTP exceptions put them)."""

from __future__ import annotations

from twinstack.core.errors import ApiError


def bad_request(message: str) -> ApiError:
    return ApiError(400, message, "BadRequest")


def forbidden(message: str) -> ApiError:
    return ApiError(403, message, "Forbidden")


def not_found(message: str = "The resource could not be found.") -> ApiError:
    return ApiError(404, message, "NotFound")


def image_not_found(image_id: str) -> ApiError:
    return ApiError(404, f"No image found with ID {image_id}", "ImageNotFound")


def conflict(message: str) -> ApiError:
    return ApiError(409, message, "Conflict")
