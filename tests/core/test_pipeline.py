"""The request pipeline's own answers: routing as Starlette's router, the request id, Vary, and what a
request leaves in the scope before its answer starts (the cluster's journal records then)."""

from __future__ import annotations

import asyncio
import re
import uuid
from types import SimpleNamespace
from typing import Any

from twinstack.core.microversions import Microversions, Version
from twinstack.core.pipeline import (
    Req,
    RequestIdMiddleware,
    Service,
    empty,
    json_response,
    mount,
    public,
    request_id,
)


@public
async def _item(req: Req) -> Any:
    return {"item": req.params["item_id"], "version": str(req.version)}


@public
async def _detail(req: Req) -> Any:
    return empty(204)


class _Faults:
    async def before(self, req: Req) -> None:
        return None


def _cloud() -> Any:
    return SimpleNamespace(settings=SimpleNamespace(max_body_size=1000), faults=_Faults(),
                           public_url=lambda prefix="": "http://twin" + prefix,
                           authenticate=lambda token: None)


SERVICE = Service("svc", "/svc", "nova", [
    ("/items/detail", {"GET": _detail}),
    ("/items/{item_id}", {"GET": _item}),
    ("/{anything}/{item_id}", {"POST": _item}),
], microversions=Microversions("compute", Version(2, 1), Version(2, 9)), vary=("X-Auth-Token",))


def _call(method: str, path: str, headers: list[tuple[bytes, bytes]] | None = None,
          outer: dict[str, Any] | None = None) -> tuple[int, dict[bytes, bytes], bytes, dict[str, Any]]:
    app = RequestIdMiddleware(mount(SERVICE, _cloud()))
    scope: dict[str, Any] = {"type": "http", "method": method, "path": path, "root_path": "", "query_string": b"",
                             "headers": headers or [], "scheme": "http", "server": ("twin", 80)}
    sent: list[dict[str, Any]] = []
    seen_at_start: dict[str, Any] = {}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            seen_at_start.update({k: v for k, v in scope.items() if k.startswith("twinstack.")})
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], dict(start["headers"]), body, seen_at_start


def test_a_route_is_found_in_table_order_with_its_parameters() -> None:
    status, headers, body, _ = _call("GET", "/svc/items/7", [(b"openstack-api-version", b"compute 2.5")])
    assert status == 200 and body == b'{"item":"7","version":"2.5"}'
    assert headers[b"openstack-api-version"] == b"compute 2.5"
    assert _call("GET", "/svc/items/detail")[0] == 204  # the fixed segment's route comes first


def test_no_route_and_a_missing_method() -> None:
    status, headers, _, _ = _call("GET", "/svc/nothing/here/at/all")
    assert status == 404 and headers[b"vary"] == b"X-Auth-Token"
    status, headers, _, _ = _call("DELETE", "/svc/items/7")
    assert status == 405 and headers[b"allow"] == b"GET, HEAD"


def test_a_method_no_route_takes_is_answered_by_starlettes_router() -> None:
    status, _, body, _ = _call("TRACE", "/svc/items/7")
    assert status == 405 and body == b"Method Not Allowed"


def test_a_path_ending_in_a_newline_routes_as_starlettes_patterns_do() -> None:
    status, _, body, _ = _call("GET", "/svc/items/7\n")
    assert status == 200 and b'"item":"7\\n"' in body


def test_the_scope_holds_route_version_and_service_when_the_answer_starts() -> None:
    _, _, _, seen = _call("GET", "/svc/items/7", [(b"x-openstack-nova-api-version", b"2.3")])
    assert seen["twinstack.route"] == "/items/{item_id}" and seen["twinstack.version"] == "2.1"
    assert seen["twinstack.service"] == "svc" and seen["twinstack.subpath"] == "/items/7"


def test_vary_is_merged_into_one_line() -> None:
    _, headers, _, _ = _call("GET", "/svc/items/7")
    assert headers[b"vary"] == b"OpenStack-API-Version, X-Auth-Token"


def test_request_ids_are_version_4_uuids() -> None:
    for _ in range(200):
        rid = request_id()
        assert re.fullmatch(r"req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", rid)
        assert uuid.UUID(rid[4:]).version == 4


def test_json_answers_as_starlettes_response() -> None:
    from starlette.responses import Response

    for status in (200, 201, 202, 400):
        fast = json_response({"a": [1, "é"]}, status)
        slow = Response('{"a":[1,"\\u00e9"]}', status_code=status, media_type="application/json")
        assert (fast.status_code, fast.body, fast.raw_headers) == (slow.status_code, slow.body, slow.raw_headers)
