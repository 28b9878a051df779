"""Keystone's errors in its own words (keystone/exception.py). The Identity service declares the
"keystone" fault format, so each renders as ``{"error": {"code", "title", "message"}}``
(``core.errors.keystone_format``, which the pipeline also uses for every service's 401)."""

from __future__ import annotations

from twinstack.core.errors import ApiError

AUTH_FAILED = "The request you have made requires authentication."
BAD_REQUEST_TAIL = (" The server could not comply with the request since it is either malformed or "
                    "otherwise incorrect. The client is assumed to be in error.")


def not_authenticated() -> ApiError:
    """A token that does not validate, answered as keystonemiddleware does."""
    return ApiError(401, AUTH_FAILED, "NotAuthenticated")


def unauthorized(message: str = AUTH_FAILED) -> ApiError:
    """Keystone's Unauthorized: wrong credentials, a disabled user, a scope the user cannot have."""
    return ApiError(401, message, "Unauthorized")


def not_found(kind: str, id_: str) -> ApiError:
    return ApiError(404, f"Could not find {kind}: {id_}.", "NotFound")


def conflict(kind: str, details: str) -> ApiError:
    return ApiError(409, f"Conflict occurred attempting to store {kind} - {details}.", "Conflict")


def forbidden_not_security(message: str) -> ApiError:
    return ApiError(403, message, "ForbiddenNotSecurity")


def forbidden_action(action: str) -> ApiError:
    return ApiError(403, f"You are not authorized to perform the requested action: {action}.", "ForbiddenAction")


def validation_error(attribute: str, target: str) -> ApiError:
    return ApiError(400, f"Expecting to find {attribute} in {target}." + BAD_REQUEST_TAIL, "ValidationError")


def bad_request(message: str) -> ApiError:
    return ApiError(400, message, "ValidationError")


def bad_request_tailed(message: str) -> ApiError:
    """A ValidationError whose message carries Keystone's standard 400 explanation."""
    return ApiError(400, message + BAD_REQUEST_TAIL, "ValidationError")


def schema_error(message: str) -> ApiError:
    return ApiError(400, message, "SchemaValidationError")


def trust_not_found(trust_id: str) -> ApiError:
    return ApiError(404, f"Could not find trust: {trust_id}.", "TrustNotFound")
