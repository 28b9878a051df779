"""Declared resources (core/resource.py) and the CRUD runner (core/crud.py), as unit tests on an
in-memory SQLite table; the services' end-to-end tests cover them on the wire."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.datastructures import QueryParams

from twinstack.core.crud import Crud
from twinstack.core.errors import ApiError
from twinstack.core.microversions import Version
from twinstack.core.resource import REQUIRED, Attr, Ops, Resource, boolean, integer, one_of, string, uuid

META = sa.MetaData()
WIDGETS = sa.Table(
    "widgets", META,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("secret", sa.String(255)),
    sa.Column("colour", sa.String(16)),
)


class WidgetOps(Ops):
    def create(self, cloud: Any, conn: Any, values: dict[str, Any], caller: Any) -> str:
        return CRUD.insert_row(cloud, conn, WIDGET, values)


WIDGET = Resource("widget", "widgets", WIDGETS, [
    Attr("name", post=True, put=True, default=REQUIRED, convert=string(10), filter=True, sort=True),
    Attr("size", post=True, put=True, default=1, convert=integer(minimum=1), filter=True, sort=True),
    Attr("enabled", post=True, put=True, default=True, convert=boolean, filter=True),
    Attr("secret", post=True, admin=True),
    Attr("colour", post=True, convert=one_of("red", "blue", nullable=True), min_version=(3, 5)),
], WidgetOps(), kind="Widget")

CRUD = Crud(prefix="/v3", count_param="with_count")
USER = SimpleNamespace(is_admin=False, project_id="p1")


@pytest.fixture()
def conn() -> Any:
    engine = sa.create_engine("sqlite://")
    META.create_all(engine)
    with engine.begin() as connection:
        for i, (name, size, enabled) in enumerate([("a", 3, True), ("b", 1, False), ("c", 2, True)]):
            connection.execute(WIDGETS.insert().values(id=f"id-{i}", name=name, size=size, enabled=enabled))
        yield connection


def fake_req(query: str, version: Version | None = None) -> Any:
    return SimpleNamespace(query=QueryParams(query), context=None, version=version,
                           base_url=lambda: "http://cloud/widget")


def test_common_attrs_come_first_and_are_indexed() -> None:
    assert [a.name for a in WIDGET.attrs][:2] == ["id", "name"]
    assert WIDGET.by_name["size"].col == "size"
    assert WIDGET.path == "widgets" and WIDGET.error_type == "Widget"


def test_in_version_bounds_a_field() -> None:
    attr = Attr("x", min_version=(3, 5), max_version=(3, 9))
    assert not attr.in_version(Version(3, 4))
    assert attr.in_version(Version(3, 5)) and attr.in_version((3, 9))
    assert not attr.in_version(Version(3, 10))
    assert attr.in_version(None)


def test_prepare_fills_defaults_and_converts() -> None:
    values = CRUD.prepare(WIDGET, {"widget": {"name": "w", "size": "4"}}, None, True)
    assert values == {"name": "w", "size": 4, "enabled": True, "secret": None, "colour": None}


@pytest.mark.parametrize("body, status, words", [
    ({"wrong": {}}, 400, "Resource body required: 'widget'"),
    ({"widget": {"bogus": 1, "name": "w"}}, 400, "Unrecognized attribute(s) 'bogus'"),
    ({"widget": {}}, 400, "Required attribute 'name' not specified"),
    ({"widget": {"name": "w", "size": 0}}, 400, "must be at least '1'"),
    ({"widget": {"name": "w", "enabled": "maybe"}}, 400, "cannot be converted to boolean"),
    ({"widget": {"name": "w", "secret": "s"}}, 403, "create_widget:secret"),
])
def test_prepare_refuses(body: dict[str, Any], status: int, words: str) -> None:
    with pytest.raises(ApiError) as err:
        CRUD.prepare(WIDGET, body, USER, True)  # type: ignore[arg-type]
    assert err.value.status == status and words in err.value.message


def test_prepare_on_update_only_takes_put_fields() -> None:
    assert CRUD.prepare(WIDGET, {"widget": {"size": 2}}, None, False) == {"size": 2}
    with pytest.raises(ApiError, match="not allowed in PUT"):
        CRUD.prepare(WIDGET, {"widget": {"secret": "x"}}, None, False)


def test_a_field_outside_the_microversion_is_unknown() -> None:
    with pytest.raises(ApiError, match="Unrecognized"):
        CRUD.prepare(WIDGET, {"widget": {"name": "w", "colour": "red"}}, None, True, Version(3, 4))
    values = CRUD.prepare(WIDGET, {"widget": {"name": "w", "colour": "red"}}, None, True, Version(3, 5))
    assert values["colour"] == "red"


def test_view_hides_admin_fields_and_other_versions() -> None:
    row = {"id": "x", "name": "n", "size": 1, "enabled": True, "secret": "s", "colour": "red"}
    assert "secret" not in CRUD.view(WIDGET, row, USER)  # type: ignore[arg-type]
    assert CRUD.view(WIDGET, row, None)["secret"] == "s"
    assert "colour" not in CRUD.view(WIDGET, row, None, version=Version(3, 0))
    assert CRUD.view(WIDGET, row, None, fields=["name"]) == {"name": "n"}


def test_list_filters_sorts_pages_and_counts(conn: Any) -> None:
    rows, links, count = CRUD.list_page(conn, WIDGET, fake_req("enabled=true&sort_key=size&sort_dir=desc"))
    assert [r["name"] for r in rows] == ["a", "c"] and links is None and count is None
    rows, links, count = CRUD.list_page(conn, WIDGET, fake_req("sort_key=name&limit=2&with_count=true"))
    assert [r["name"] for r in rows] == ["a", "b"] and count == 3
    assert links == [{"rel": "next", "href": "http://cloud/widget/v3/widgets?sort_key=name&with_count=true"
                                             "&limit=2&marker=id-1"}]
    rows, links, _ = CRUD.list_page(conn, WIDGET, fake_req("sort_key=name&limit=2&marker=id-1"))
    assert [r["name"] for r in rows] == ["c"] and links == []


@pytest.mark.parametrize("query, words", [
    ("bogus=1", "[bogus] is invalid attribute for filtering"),
    ("secret=1", "[secret] is invalid attribute for filtering"),
    ("enabled=maybe", "'maybe' is not a valid boolean value"),
    ("size=big", "'big' is not an integer"),
    ("sort_key=secret", "secret is an invalid attribute for sort_keys"),
    ("sort_key=name&sort_dir=up", "up is an invalid value for sort_dirs"),
    ("marker=nope", "Marker nope not found."),
])
def test_list_refuses(conn: Any, query: str, words: str) -> None:
    with pytest.raises(ApiError) as err:
        CRUD.list_page(conn, WIDGET, fake_req(query))
    assert err.value.status == 400 and words in err.value.message


def test_get_visible_and_insert(conn: Any) -> None:
    new_id = CRUD.insert_row(None, conn, WIDGET, {"name": "d", "size": 5, "enabled": False, "tags": ["x"]})  # type: ignore[arg-type]
    assert CRUD.get_visible(conn, WIDGET, new_id, None)["size"] == 5
    with pytest.raises(ApiError) as err:
        CRUD.get_visible(conn, WIDGET, "missing", None)
    assert (err.value.status, err.value.message) == (404, "Widget missing could not be found.")


def test_converters() -> None:
    assert boolean("Yes") is True and boolean(0) is False
    with pytest.raises(ValueError):
        boolean(2)
    assert uuid("6f0d2a3e-8a54-4df6-9b1c-0d3e0b1c2a3e")
    with pytest.raises(ValueError):
        uuid("nope")
    with pytest.raises(ValueError, match="exceeds maximum length of 2"):
        string(2)("abc")


# -- the handlers, run by a service's dialect ------------------------------------------------------
class VolumeLikeCrud(Crud):
    """A Cinder-like dialect: count only from a microversion, rule names "widget:create"."""

    def wants_count(self, req: Any) -> bool:
        return req.version is not None and req.version >= (3, 45) and super().wants_count(req)

    def rule(self, res: Resource, action: str) -> str:
        return f"{res.singular}:{action}"


class FakeStore:
    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def read(self) -> Any:
        return self.engine.begin()

    def begin(self) -> Any:
        return self.engine.begin()


class FakePolicy:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def authorize(self, rule: str, target: dict[str, Any], ctx: Any) -> None:
        self.asked.append(rule)


def handler_req(cloud: Any, query: str = "", body: Any = None, version: Version | None = None,
                **params: str) -> Any:
    async def json() -> Any:
        return body

    return SimpleNamespace(query=QueryParams(query), context=USER, version=version, params=params, headers={},
                           json=json, cloud=cloud, base_url=lambda: "http://cloud/widget")


def test_handlers_run_create_list_update_delete(conn: Any) -> None:
    import asyncio
    import json as jsonlib

    engine = sa.create_engine("sqlite://")
    META.create_all(engine)
    cloud = SimpleNamespace(store=FakeStore(engine), policy=FakePolicy())
    crud = VolumeLikeCrud(prefix="/v3", count_param="with_count")
    run = asyncio.run

    created = run(crud.create_handler(WIDGET)(handler_req(cloud, body={"widget": {"name": "w", "size": 2}})))
    widget = jsonlib.loads(created.body)["widget"]
    assert created.status_code == 201 and widget["size"] == 2 and "secret" not in widget
    listed = run(crud.list_handler(WIDGET)(handler_req(cloud, "with_count=1", version=Version(3, 45))))
    assert listed["count"] == 1 and [w["name"] for w in listed["widgets"]] == ["w"]
    assert "count" not in run(crud.list_handler(WIDGET)(handler_req(cloud, "with_count=1", version=Version(3, 44))))
    summary = crud.list_handler(WIDGET, item_view=lambda req, item: {"id": item["id"], "name": item["name"]})
    assert run(summary(handler_req(cloud)))["widgets"] == [{"id": widget["id"], "name": "w"}]
    updated = run(crud.update_handler(WIDGET)(handler_req(cloud, body={"widget": {"size": 7}}, id=widget["id"])))
    assert updated["widget"]["size"] == 7
    shown = run(crud.show_handler(WIDGET)(handler_req(cloud, "fields=size", id=widget["id"])))
    assert shown == {"widget": {"size": 7}}
    assert run(crud.delete_handler(WIDGET)(handler_req(cloud, id=widget["id"]))).status_code == 204
    assert run(crud.list_handler(WIDGET)(handler_req(cloud)))["widgets"] == []
    assert cloud.policy.asked == ["widget:create", "widget:update", "widget:delete"]


def test_routes_cover_the_verbs_asked_for() -> None:
    routes = CRUD.routes(WIDGET, delete=False)
    assert [(path, sorted(methods)) for path, methods in routes] == [
        ("/v3/widgets", ["GET", "POST"]), ("/v3/widgets/{id}", ["GET", "PUT"])]


def test_a_resource_named_by_another_column_and_an_unpaged_dialect(conn: Any) -> None:
    """Placement's shape: rows named by ``name`` in URLs, whole lists whatever the query says, every
    handler admitted first, answers unwrapped."""
    import asyncio

    by_name = Resource("widget", "widgets", WIDGETS, list(WIDGET.attrs), Ops(), kind="Widget", key="name",
                       default_sort=[("size", "asc")])
    admitted: list[str] = []

    class Unwrapped(Crud):
        def admit(self, req: Any, res: Resource, action: str) -> None:
            admitted.append(action)

        def reply(self, req: Any, res: Resource, action: str, body: Any, rows: list[dict[str, Any]]) -> Any:
            return body

    crud = Unwrapped(paged=False)
    assert [path for path, _ in crud.routes(by_name)] == ["/widgets", "/widgets/{name}"]
    assert crud.get_visible(conn, by_name, "b", None)["id"] == "id-1"
    assert crud.get_visible(conn, by_name, "id-1", None, by="id")["name"] == "b"
    rows, links, _ = crud.list_page(conn, by_name, fake_req("limit=x&sort_key=nope&marker=gone"))
    assert [r["name"] for r in rows] == ["b", "c", "a"] and links is None
    engine = sa.create_engine("sqlite://")
    META.create_all(engine)
    cloud = SimpleNamespace(store=FakeStore(engine), policy=FakePolicy())
    asyncio.run(crud.create_handler(by_name)(handler_req(cloud, body={"widget": {"name": "w"}})))
    updated = asyncio.run(crud.update_handler(by_name)(handler_req(cloud, body={"widget": {"name": "v"}}, name="w")))
    assert updated["name"] == "v"  # found again by id after its key changed
    assert asyncio.run(crud.show_handler(by_name)(handler_req(cloud, name="v")))["size"] == 1
    assert admitted == ["create", "update", "show"]
