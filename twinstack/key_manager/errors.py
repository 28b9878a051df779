"""Barbican's errors: pecan aborts, rendered by core/errors.py's ``barbican`` format as
``{"code", "title", "description"}``. The wording is barbican/api/controllers' (``_secret_not_found`` ...)."""

from __future__ import annotations

from twinstack.core.errors import ApiError


def bad(description: str) -> ApiError:
    """A body or query the validators refuse: Barbican prefixes the reason it found."""
    return ApiError(400, f"Provided object does not match schema 'Secret': {description}")


def invalid(description: str) -> ApiError:
    return ApiError(400, description)


def not_found(what: str) -> ApiError:
    return ApiError(404, f"Not Found. Sorry but your {what} is in another castle.")


def no_payload() -> ApiError:
    return ApiError(404, "Not Found. Sorry but your secret has no payload.")


def not_acceptable(description: str) -> ApiError:
    return ApiError(406, description)


def conflict(description: str) -> ApiError:
    return ApiError(409, description)


def unsupported_media(description: str) -> ApiError:
    return ApiError(415, description)


def over_quota(limit: int, resource: str) -> ApiError:
    return ApiError(403, f"Creation not allowed because a quota of {limit} for {resource} was reached")


def consumer_not_found() -> ApiError:
    return ApiError(404, "Consumer not found.")


def secret_for_container_missing(name: str) -> ApiError:
    return ApiError(404, f"Secret provided for '{name}' doesn't exist.")


def multiple_backends_not_enabled() -> ApiError:
    return ApiError(404, "Not Found. Multiple backends support is not enabled in service configuration.")


def store_not_found() -> ApiError:
    return ApiError(404, "Not Found. Secret store not found.")


def no_preferred_store() -> ApiError:
    return ApiError(404, "Not Found. No preferred secret store defined for this project.")


def not_allowed(operation: str) -> ApiError:
    """A policy refusal, in barbican/api/__init__.py generate_safe_exception_message's words."""
    return ApiError(403, f"{operation} attempt not allowed - please review your user/project privileges")


def too_big(operation: str) -> ApiError:
    """LimitExceeded: a payload past max_allowed_secret_in_bytes."""
    return ApiError(413, f"{operation} issue seen - Provided information too large to process.")
