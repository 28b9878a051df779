"""One exception for every API error, rendered in the fault format of the service that raised it.

Each OpenStack service has its own error body; clients parse them (openstacksdk reads Nova's
``{"itemNotFound": {...}}``, Neutron's ``NeutronError.type``, Placement's ``errors[].code``), so the
format belongs to the service, while the status and message belong to the error.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from starlette.responses import Response

# Nova and Cinder name their fault bodies after the webob exception class.
_NOVA_FAULT_NAMES = {
    400: "badRequest",
    401: "unauthorized",
    403: "forbidden",
    404: "itemNotFound",
    405: "badMethod",
    409: "conflictingRequest",
    413: "overLimit",
    415: "badMediaType",
    429: "overLimit",
    501: "notImplemented",
    503: "serviceUnavailable",
}


class ModelReferenceError(ValueError):
    """The model names something it does not declare (a project, a network...): the loader reports it."""


class ApiError(Exception):
    """An error answered to the client.

    ``kind`` is the machine-readable name some formats carry: Neutron's ``type``
    (``NetworkNotFound``), Placement's ``code`` (``placement.concurrent_update``).
    """

    # False for an error that reaches the microversion layer as a raised exception rather than a returned
    # response (Placement's object-layer NotFound that no handler catches): microversion-parse's middleware
    # then adds the version header to it but not Vary.
    vary_on_version = True

    def __init__(
        self,
        status: int,
        message: str,
        kind: str | None = None,
        headers: dict[str, str] | None = None,
        fields: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.headers = dict(headers or {})
        # extra members of the error body that only some formats carry (Placement's min/max_version on a 406)
        self.fields = dict(fields or {})

    @property
    def title(self) -> str:
        try:
            return HTTPStatus(self.status).phrase
        except ValueError:
            return "Error"


def bad_request(message: str, kind: str | None = None) -> ApiError:
    return ApiError(400, message, kind or "BadRequest")


def unauthorized(message: str = "The request you have made requires authentication.") -> ApiError:
    return ApiError(401, message, "NotAuthenticated")


def forbidden(message: str = "You are not authorized to perform the requested action.") -> ApiError:
    return ApiError(403, message, "PolicyNotAuthorized")


def not_found(message: str, kind: str | None = None) -> ApiError:
    return ApiError(404, message, kind or "NotFound")


def conflict(message: str, kind: str | None = None) -> ApiError:
    return ApiError(409, message, kind or "Conflict")


# (error, request id, the request's microversion or None when it failed before one was chosen)
Formatter = Callable[[ApiError, str, "tuple[int, int] | None"], tuple[Any, str]]


def keystone_format(err: ApiError, request_id: str, version: tuple[int, int] | None = None) -> tuple[Any, str]:
    return {"error": {"code": err.status, "title": err.title, "message": err.message}}, "json"


def nova_format(err: ApiError, request_id: str, version: tuple[int, int] | None = None) -> tuple[Any, str]:
    name = _NOVA_FAULT_NAMES.get(err.status, "computeFault")
    return {name: {"code": err.status, "message": err.message}}, "json"


def neutron_format(err: ApiError, request_id: str, version: tuple[int, int] | None = None) -> tuple[Any, str]:
    kind = err.kind or err.title.replace(" ", "")
    return {"NeutronError": {"type": kind, "message": err.message, "detail": ""}}, "json"


# webob's titles where they differ from Python's HTTPStatus phrases.
_WEBOB_TITLES = {413: "Request Entity Too Large", 416: "Request Range Not Satisfiable"}


def glance_format(err: ApiError, request_id: str, version: tuple[int, int] | None = None) -> tuple[Any, str]:
    # Glance raises webob exceptions with explanation=<message>; for a JSON client (openstacksdk,
    # tempest) webob renders {"message": "<message><br /><br />\n\n\n", "code": "404 Not Found",
    # "title": "Not Found"}. A 401 comes from keystonemiddleware, in Keystone's format.
    if err.status == 401:
        return keystone_format(err, request_id, version)
    title = _WEBOB_TITLES.get(err.status, err.title)
    message = f"{err.message}<br /><br />\n\n\n"
    return {"message": message, "code": f"{err.status} {title}", "title": title}, "json"


# placement/util.py json_error_formatter: ``code`` only from microversion 1.23, and only once a version was
# chosen; a 406 from negotiation (no version) lists the supported range instead.
_PLACEMENT_ERROR_CODE_VERSION = (1, 23)


def placement_format(err: ApiError, request_id: str, version: tuple[int, int] | None = None) -> tuple[Any, str]:
    error: dict[str, Any] = {"status": err.status, "title": err.title, "detail": err.message}
    if version is not None and version >= _PLACEMENT_ERROR_CODE_VERSION:
        error["code"] = err.kind if err.kind and err.kind.startswith("placement.") else "placement.undefined_code"
    error["request_id"] = request_id
    if err.status == 406 and version is None:
        error.update(err.fields)
    return {"errors": [error]}, "json"


# swob's reasons (swift/common/swob.py RESPONSE_REASONS): the HTML body Swift sends with an error status
_SWIFT_REASONS = {
    400: ("Bad Request", "The server could not comply with the request since it is either malformed or "
          "otherwise incorrect."),
    401: ("Unauthorized", "This server could not verify that you are authorized to access the document you "
          "requested."),
    403: ("Forbidden", "Access was denied to this resource."),
    404: ("Not Found", "The resource could not be found."),
    405: ("Method Not Allowed", "The method is not allowed for this resource."),
    409: ("Conflict", "There was a conflict when trying to complete your request."),
    411: ("Length Required", "Length Required"),
    412: ("Precondition Failed", "A precondition for this request was not met."),
    413: ("Request Entity Too Large", "The body of your request was too large for this server."),
    416: ("Requested Range Not Satisfiable", "The Range requested is not available."),
    422: ("Unprocessable Entity", "Unable to process the contained instructions"),
    500: ("Internal Error", "The server has either erred or is incapable of performing the requested operation."),
    503: ("Service Unavailable", "The server is currently unavailable. Please try again at a later time."),
}


def swift_format(err: ApiError, request_id: str, version: tuple[int, int] | None = None) -> tuple[Any, str]:
    """Swift answers errors in HTML (swob's reason), or, where the proxy words the problem, in plain text."""
    if err.kind == "SwiftText":
        return err.message, "text"
    title, explanation = _SWIFT_REASONS.get(err.status, (err.title, err.message))
    return f"<html><h1>{title}</h1><p>{explanation}</p></html>", "html"


def designate_format(err: ApiError, request_id: str, version: tuple[int, int] | None = None) -> tuple[Any, str]:
    """Designate's fault (designate/api/middleware.py): the code, a snake_case type, the message, the request id."""
    kind = err.kind if err.kind and err.kind.islower() else err.title.lower().replace(" ", "_")
    return {"code": err.status, "type": kind, "message": err.message, "request_id": request_id}, "json"


def barbican_format(err: ApiError, request_id: str, version: tuple[int, int] | None = None) -> tuple[Any, str]:
    """Barbican's pecan hook renders every abort as ``{"code", "title", "description"}``."""
    return {"code": err.status, "title": err.title, "description": err.message}, "json"


def octavia_format(err: ApiError, request_id: str, version: tuple[int, int] | None = None) -> tuple[Any, str]:
    """Octavia's WSME fault: ``faultcode`` Client for a 4xx, Server for a 5xx, no debug info."""
    code = "Client" if err.status < 500 else "Server"
    return {"faultcode": code, "faultstring": err.message, "debuginfo": None}, "json"
# webob's explanations, which Heat's FaultWrapper copies into every fault body
_WEBOB_EXPLANATIONS = {
    400: "The server could not comply with the request since it is either malformed or otherwise incorrect.",
    401: "This server could not verify that you are authorized to access the document you requested. Either you "
         "supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply "
         "the credentials required.",
    403: "Access was denied to this resource.",
    404: "The resource could not be found.",
    405: "The method is not allowed for this resource.",
    409: "There was a conflict when trying to complete your request.",
    413: "The body of your request was too large for this server.",
    415: "The request media type is not supported by this server.",
}


def heat_format(err: ApiError, request_id: str, version: tuple[int, int] | None = None) -> tuple[Any, str]:
    """Heat's FaultWrapper: webob's code, title and explanation around the engine's exception
    (``error.type`` its class name, no traceback unless Heat runs with debug)."""
    explanation = _WEBOB_EXPLANATIONS.get(
        err.status, "The server has either erred or is incapable of performing the requested operation.")
    kind = err.kind or "HTTP" + err.title.replace(" ", "")
    return {"explanation": explanation, "code": err.status,
            "error": {"message": err.message, "traceback": None, "type": kind}, "title": err.title}, "json"


FORMATS: dict[str, Formatter] = {
    "heat": heat_format,
    "keystone": keystone_format,
    "nova": nova_format,
    "cinder": nova_format,
    "neutron": neutron_format,
    "glance": glance_format,
    "placement": placement_format,
    "twinstack": keystone_format,
    "swift": swift_format,
    "designate": designate_format,
    "barbican": barbican_format,
    "octavia": octavia_format,
}


# Nova's and Cinder's Fault sets the charset on the webob response it renders (their successes do not).
_JSON_WITH_CHARSET = {"nova", "cinder"}


def render(err: ApiError, fmt: str, request_id: str, version: tuple[int, int] | None = None) -> Response:
    body, kind = FORMATS[fmt](err, request_id, version)
    headers = dict(err.headers)
    if kind == "json":
        media_type = "application/json; charset=UTF-8" if fmt in _JSON_WITH_CHARSET else "application/json"
        return Response(json.dumps(body), status_code=err.status, media_type=media_type, headers=headers)
    media_type = "text/html; charset=UTF-8" if kind == "html" else "text/plain"
    return Response(body, status_code=err.status, media_type=media_type, headers=headers)
