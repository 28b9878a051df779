"""The request pipeline, in order: request id -> log/journal -> route -> token -> microversion
-> handler -> error body.

A service is a ``Service`` declaration: its prefix, fault format, microversions and one route table.
``mount`` turns it into an ASGI app; handlers are plain ``async def handler(req: Req)`` functions.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette._utils import get_route_path
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from twinstack.core import access_rules, ids, jsonfast, routing
from twinstack.core.context import Context
from twinstack.core.errors import ApiError, render
from twinstack.core.faults import DropConnection
from twinstack.core.microversions import Microversions, Version
from twinstack.core.routing import RouteIndex

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

log = logging.getLogger("twinstack.api")

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "COPY"]  # COPY: Swift
DEFAULT_MAX_BODY = 114688  # oslo.middleware.sizelimit's max_request_body_size

Handler = Callable[["Req"], Awaitable[Any]]
Endpoint = Callable[[Request], Awaitable[Response]]


def public(handler: Handler) -> Handler:
    """Mark a handler that answers without a token (version documents, POST /auth/tokens)."""
    handler.twinstack_public = True  # type: ignore[attr-defined]
    return handler


def raw_body(handler: Handler) -> Handler:
    """Mark a handler that streams its own body (image data): no JSON size limit applies."""
    handler.twinstack_raw_body = True  # type: ignore[attr-defined]
    return handler


@dataclass
class Service:
    """One OpenStack API, declared: where it lives, how it fails, which versions it speaks."""

    name: str  # package name: identity, compute, ...
    prefix: str  # /identity
    error_format: str  # keystone, nova, neutron, glance, cinder, placement
    routes: list[tuple[str, dict[str, Handler]]]
    microversions: Microversions | None = None
    # paths (below the prefix) that skip microversion negotiation, e.g. version documents
    unversioned: tuple[str, ...] = ("", "/")
    extra: dict[str, Any] = field(default_factory=dict)
    auth_failure_format: str = "keystone"
    trans_ids: bool = False  # request ids in Swift's transaction-id form, sent as X-Trans-Id too
    # request headers every answer of this service varies on (Keystone's after_request adds X-Auth-Token)
    vary: tuple[str, ...] = ()
    # the Content-Type of a body-less answer (Nova's serializer sets application/json on every 202/204;
    # Starlette sends none)
    empty_media_type: str | None = None
    # the page of a 404 for a path no route matches, when the service's web framework answers it rather than
    # the service (Flask's HTML page in Keystone); None: the service's own error body
    not_found_page: str | None = None
    # whether answers made before any handler carry the microversion headers: Placement's middleware adds
    # them to the router's 404 (raised through it: no Vary) and to its 405 (returned: with Vary)
    version_on_unrouted: bool = False


class Req:
    """What a handler gets: the request, the caller, the chosen microversion, the cloud."""

    __slots__ = ("_body", "cloud", "ctx", "params", "raw", "request_id", "service", "version")

    def __init__(self, raw: Request, cloud: Cloud, service: Service, request_id: str) -> None:
        self.raw = raw
        self.cloud = cloud
        self.service = service
        self.request_id = request_id
        self.ctx: Context | None = None
        self.version: Version | None = None
        self.params: dict[str, str] = raw.path_params
        self._body: Any = None

    @property
    def query(self) -> Any:
        return self.raw.query_params

    @property
    def headers(self) -> Any:
        return self.raw.headers

    @property
    def method(self) -> str:
        return self.raw.method

    @property
    def context(self) -> Context:
        if self.ctx is None:
            raise ApiError(401, "The request you have made requires authentication.")
        return self.ctx

    def at_least(self, major: int, minor: int) -> bool:
        # a tuple comparison: a server body asks a dozen of these, a Version each was measurable
        version = self.version
        return version is not None and (version.major, version.minor) >= (major, minor)

    def base_url(self) -> str:
        """This service's public root, as the client reached it (http://host:port/compute)."""
        return self.cloud.public_url(self.service.prefix)

    async def json(self, required: bool = True) -> Any:
        if self._body is not None:
            return self._body
        data = await self.raw.body()
        if len(data) > self.cloud.settings.max_body_size:
            raise ApiError(413, "Request is too large.", "RequestEntityTooLarge")
        if not data.strip():
            if required:
                raise ApiError(400, "Malformed request body: the request has no body.", "MalformedRequestBody")
            return None
        try:
            self._body = jsonfast.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(400, f"Malformed request body: {exc}", "MalformedRequestBody") from None
        except RecursionError:  # a body nested deeper than Python's stack: within the size limit, not JSON we read
            raise ApiError(400, "Malformed request body: nested too deeply.", "MalformedRequestBody") from None
        if b"\\u" in data and _has_lone_surrogate(self._body):
            self._body = None
            raise ApiError(400, "Malformed request body: a string holds a lone UTF-16 surrogate (\\ud800-\\udfff), "
                                "which is not a character.", "MalformedRequestBody")
        return self._body

    def authorize(self, rule: str, target: dict[str, Any] | None = None) -> None:
        self.cloud.policy.authorize(rule, target or {}, self.context)


def _has_lone_surrogate(value: Any) -> bool:
    """JSON lets ``"\\ud800"`` through as a Python string no store can encode; only escaped bodies are walked."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_JSON_TYPE = (b"content-type", b"application/json")


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    if headers is not None or status < 200 or status in (204, 304):
        return Response(jsonfast.dumps(body), status_code=status, media_type="application/json", headers=headers)
    # what Response(...) makes of it, without its generic steps: every answer with a body comes this way
    response = Response.__new__(Response)
    response.status_code = status
    response.media_type = "application/json"
    response.background = None
    response.body = content = jsonfast.dumps(body)
    response.raw_headers = [(b"content-length", str(len(content)).encode("latin-1")), _JSON_TYPE]
    return response


def empty(status: int = 204, headers: dict[str, str] | None = None) -> Response:
    return Response(status_code=status, headers=headers)


def _to_response(result: Any) -> Response:
    if isinstance(result, Response):
        return result
    if result is None:
        return Response(status_code=204)
    return json_response(result)


class _AuthFailure(ApiError):
    """No token, or one that does not validate. Every service answers this the way keystonemiddleware
    (which sits in front of each of them) does: Keystone's error body and a WWW-Authenticate header."""

    def __init__(self, message: str) -> None:
        super().__init__(401, message, "NotAuthenticated")

    def challenge(self, identity_url: str) -> _AuthFailure:
        self.headers["WWW-Authenticate"] = f'Keystone uri="{identity_url}"'
        return self


class _Dropped(Response):
    """A fault rule's dropped connection: promise a body, send none, and break off (the server then
    closes the connection, which the client sees as a reset/incomplete read)."""

    def __init__(self) -> None:
        super().__init__(status_code=200)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1024")]})
        raise DropConnection("connection dropped by a fault rule")


# What a service's request leaves in the scope for the journal and the log (and for the cluster's journal,
# which records as the answer starts): copied out of the service's own scope before the answer is sent.
_CARRIED = ("twinstack.route", "twinstack.context", "twinstack.version", "twinstack.fault")
_ROUTED_METHODS = frozenset(ALL_METHODS)
# the answers whose one head is their raw_headers, sent once
_HEAD_AS_IS = frozenset({Response, JSONResponse})


def mount(service: Service, cloud: Cloud, service_types: tuple[str, ...] = ()) -> ASGIApp:
    """Build the ASGI app for one service from its route table; ``service_types`` are its catalog
    types, which application credential access rules name."""
    versions = service.microversions

    def dispatcher(path: str, methods: dict[str, Handler]) -> Endpoint:
        table = {m.upper(): h for m, h in methods.items()}
        if "GET" in table and "HEAD" not in table:
            table["HEAD"] = table["GET"]

        async def endpoint(request: Request) -> Response:
            handler = table.get(request.method)
            request_id = request.scope["twinstack.request_id"]
            request.scope["twinstack.route"] = path
            if handler is None:
                allowed = ", ".join(sorted(table))
                message = f"The method {request.method} is not allowed for this resource."
                err = ApiError(405, message, "HTTPMethodNotAllowed", {"Allow": allowed})
                return _unrouted(service, err, request_id, request.headers)
            return await run(handler, request, request_id)

        return endpoint

    def authenticate(req: Req, handler: Handler) -> None:
        token = req.headers.get("x-auth-token")
        if token:
            try:
                req.ctx = cloud.authenticate(token)
            except ApiError as err:
                raise _AuthFailure(err.message).challenge(cloud.public_url("/identity")) from None
            rules = req.ctx.access_rules
            if rules is not None and not access_rules.allows(rules, service_types, req.method,
                                                             req.raw.scope["twinstack.subpath"]):
                req.ctx = None
                raise _AuthFailure("Token authorization failed").challenge(cloud.public_url("/identity"))
        elif not getattr(handler, "twinstack_public", False):
            raise _AuthFailure("The request you have made requires authentication.").challenge(
                cloud.public_url("/identity")
            )

    async def run(handler: Handler, request: Request, request_id: str) -> Response:
        req = Req(request, cloud, service, request_id)
        versioned: tuple[tuple[bytes, bytes], ...] = ()
        try:
            if not getattr(handler, "twinstack_raw_body", False):
                length = request.headers.get("content-length")
                if length and length.isdigit() and int(length) > cloud.settings.max_body_size:
                    raise ApiError(413, "Request is too large.", "RequestEntityTooLarge")
            authenticate(req, handler)
            if versions and request.scope["twinstack.subpath"] not in service.unversioned:
                req.version = versions.negotiate(request.headers)
                versioned = versions.raw_response_headers(req.version)
            await cloud.faults.before(req)
            response = _to_response(await handler(req))
        except DropConnection:
            return _Dropped()
        except _AuthFailure as err:  # keystonemiddleware's answer, or (delay_auth_decision) the service's own
            response = render(err, service.auth_failure_format, request_id)
        except ApiError as err:
            version = None
            if req.version is not None and versions:
                headers = versions.response_headers(req.version)
                if not err.vary_on_version:
                    headers.pop("Vary", None)
                    versioned = ()
                err.headers.update(headers)
                version = (req.version.major, req.version.minor)
            response = render(err, service.error_format, request_id, version)
        except Exception:
            log.exception("%s unexpected error in %s %s", request_id, request.method, request.url.path)
            failure = ApiError(500, "An unexpected error prevented the server from fulfilling your request.")
            response = render(failure, service.error_format, request_id)
        if versioned or service.empty_media_type:
            _add_missing(response, versioned, service.empty_media_type)
        if req.ctx is not None:
            request.scope["twinstack.context"] = req.ctx
        if req.version is not None and versions:
            request.scope["twinstack.version"] = versions.label(req.version)
        return response

    async def not_found(scope: Scope, receive: Receive, send: Send) -> None:
        err = ApiError(404, "The resource could not be found.", "HTTPNotFound")
        await _unrouted(service, err, scope["twinstack.request_id"], Headers(scope=scope))(scope, receive, send)

    # The route index is built once the cloud is ready (``warm``, from a thread, as the policy rules are
    # parsed), or by the service's first request if that comes first: compiling the ~1,100 route patterns of
    # all the services was ~60 ms of start-up. Built twice in a race, either one serves: they are the same.
    index: RouteIndex[Endpoint] | None = None
    # Starlette's own router over the same endpoints, for the requests the index does not answer exactly
    # (a method no route takes, a path ending in a newline): built on the first of them
    router: Router | None = None

    def warm() -> RouteIndex[Endpoint]:
        nonlocal index
        if index is None:
            index = RouteIndex((path, dispatcher(path, methods)) for path, methods in service.routes)
        return index

    def starlette_router(routes: RouteIndex[Endpoint]) -> Router:
        nonlocal router
        if router is None:
            pairs = zip(service.routes, routes.values, strict=True)
            router = Router(routes=[Route(path, endpoint, methods=ALL_METHODS) for (path, _), endpoint in pairs],
                            redirect_slashes=False, default=not_found)
        return router

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        routes = warm()
        if service.trans_ids:  # Swift's X-Trans-Id: tx + 21 hex + - + the time in hex; also its request id
            scope["twinstack.request_id"] = f"tx{uuid.uuid4().hex[:21]}-{int(time.time()):010x}"
            scope["twinstack.request_id_header"] = b"x-trans-id"
        subpath = scope["path"][len(service.prefix) :]
        scope["twinstack.subpath"] = subpath
        scope["twinstack.service"] = service.name
        # The routes match on the path below the mount point, which the handlers also see as the path.
        sub = dict(scope)
        sub["path"] = subpath or "/"
        sub["root_path"] = scope.get("root_path", "") + service.prefix
        # a service's Vary goes onto its answers' headers on their way out (see _with_vary); an answer that
        # sends its head as it stands (every plain body) gets it here, without the wrapper's extra step
        plain_send = send
        if service.vary:
            send = _with_vary(send, service.vary)
        try:
            route_path = get_route_path(sub)
            if sub["method"] not in _ROUTED_METHODS or not routing.plain(route_path):
                await starlette_router(routes)(sub, receive, send)
                return
            found = routes.find(route_path)
            if found is None:
                await not_found(sub, receive, send)
                return
            endpoint, sub["path_params"] = found
            response = await endpoint(Request(sub, receive, send))
            _carry(sub, scope)
            if service.vary and type(response) in _HEAD_AS_IS:
                response.raw_headers = _merge_vary(response.raw_headers, service.vary)
                await response(sub, receive, plain_send)
            else:
                await response(sub, receive, send)
        finally:
            _carry(sub, scope)

    app.warm = warm  # type: ignore[attr-defined]
    return app


def _carry(sub: Scope, scope: Scope) -> None:
    for key in _CARRIED:
        if key in sub:
            scope[key] = sub[key]


def _add_missing(response: Response, versioned: tuple[tuple[bytes, bytes], ...], media_type: str | None) -> None:
    """The microversion headers a response does not set itself, and the Content-Type of a body-less one."""
    raw = response.raw_headers
    present = {name for name, _ in raw}
    raw.extend(header for header in versioned if header[0] not in present)
    if media_type and b"content-type" not in present:
        raw.append((b"content-type", media_type.encode("latin-1")))


def warm(apps: Iterable[ASGIApp]) -> None:
    """Build the routers of apps that ``mount`` made (the others have none to build)."""
    for app in apps:
        build = getattr(app, "warm", None)
        if build is not None:
            build()


def _unrouted(service: Service, err: ApiError, request_id: str, headers: Headers) -> Response:
    """An answer made before any handler: no route matched (404) or the route lacks the method (405). It is
    rendered at the microversion the service's middleware negotiated before routing, if it can be."""
    if err.status == 404 and service.not_found_page is not None:
        return Response(service.not_found_page, 404, media_type="text/html; charset=utf-8")
    if service.microversions is None:
        return render(err, service.error_format, request_id)
    try:
        version = service.microversions.negotiate(headers)
    except ApiError:
        return render(err, service.error_format, request_id)
    if service.version_on_unrouted:
        versioned = service.microversions.response_headers(version)
        if err.status == 404:
            versioned.pop("Vary", None)
        err.headers.update(versioned)
    return render(err, service.error_format, request_id, (version.major, version.minor))


def _with_vary(send: Send, tokens: tuple[str, ...]) -> Send:
    """Add ``tokens`` to the answer's Vary (kept as one header line, merged with any Vary already set):
    done on the way out so that 404s from the router and 405s carry it too, as Keystone's do."""

    async def sender(message: Any) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = _merge_vary(message.get("headers", []), tokens)
        await send(message)

    return sender


def _merge_vary(headers: Iterable[tuple[bytes, bytes]], tokens: tuple[str, ...]) -> list[tuple[bytes, bytes]]:
    """``headers`` with one Vary line last: the tokens any Vary line held, then those of ``tokens`` missing."""
    others = []
    present: list[str] = []
    for name, value in headers:
        if name.lower() == b"vary":
            present.extend(t.strip() for t in value.decode("latin-1").split(",") if t.strip())
        else:
            others.append((name, value))
    known = {t.lower() for t in present}
    merged = present + [t for t in tokens if t.lower() not in known]
    others.append((b"vary", ", ".join(merged).encode("latin-1")))
    return others


def request_id() -> str:
    """``req-`` and a random (version 4) UUID, as oslo.context's request ids; formatted from the random
    bytes directly, which is a fifth of what building a ``uuid.UUID`` costs."""
    h = ids.urandom(16).hex()
    return f"req-{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


# RFC 4122's variant: the top two bits of the 9th byte are 10 (a hex digit of 8, 9, a or b)
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


class RequestIdMiddleware:
    """Outermost step: give every request an id, echo it, log one line with status and duration."""

    def __init__(self, app: ASGIApp, on_done: Callable[[Scope, int, float], None] | None = None) -> None:
        self.app = app
        self.on_done = on_done

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope["twinstack.request_id"] = request_id()
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                served = scope["twinstack.request_id"].encode()  # a service may name it its own way (Swift's)
                message["headers"] = [*message.get("headers", ()), (b"x-openstack-request-id", served),
                                      (scope.get("twinstack.request_id_header", b"x-compute-request-id"), served)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            if log.isEnabledFor(logging.INFO):
                query = scope.get("query_string", b"").decode("latin-1")
                path = scope["path"] + ("?" + query if query else "")
                log.info("%s %s %s %d %.1fms", scope["twinstack.request_id"], scope["method"], path, status,
                         elapsed * 1000)
            if self.on_done is not None:
                self.on_done(scope, status, elapsed)


def unknown_root(fmt: str = "twinstack") -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        err = ApiError(404, f"No service is mounted at {scope['path']}.")
        await render(err, fmt, scope.get("twinstack.request_id", ""))(scope, receive, send)

    return app


__all__ = ["JSONResponse", "Req", "Service", "empty", "json_response", "mount", "public", "raw_body"]
