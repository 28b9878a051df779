"""Swift's errors: swob's HTML page for a status (core/errors.py's ``swift`` format), or plain text where
the proxy words the problem itself."""

from __future__ import annotations

from twinstack.core.errors import ApiError


def text_error(status: int, message: str) -> ApiError:
    """An error the proxy words itself (text/plain), not swob's HTML page."""
    return ApiError(status, message, "SwiftText")


def status(code: int) -> ApiError:
    """swob's page for ``code`` (Not Found, Conflict, Precondition Failed ...)."""
    return ApiError(code, "")


def denied(authenticated: bool) -> ApiError:
    """keystoneauth: 401 to an anonymous caller, 403 to a known one."""
    return ApiError(403 if authenticated else 401, "")
