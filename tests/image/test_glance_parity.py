"""What the differential run against a real Glance 33 (differential/real/glance.py) showed twinstack got wrong,
each checked here through the HTTP API of a real twinstack server and, where a user would, openstacksdk."""

from __future__ import annotations

from typing import Any

import pytest

from tests.image.conftest import Glance, message

WEBOB_DEFAULT = "text/html; charset=UTF-8"


def test_serialized_empty_answers_carry_webobs_content_type(demo_glance: Glance, admin_glance: Glance,
                                                           openstack_connection: Any) -> None:
    """Glance's serializers set the status of a webob.Response made before them, so its default Content-Type
    stays on their empty 202/204s; a member's delete and a download without data build their own, bare."""
    image = demo_glance.create(name="parity", disk_format="raw", container_format="bare", visibility="shared")
    path = f"/images/{image['id']}"
    empty = demo_glance.get(f"{path}/file")
    assert (empty.status_code, empty.headers.get("content-type")) == (204, None)
    answers = [demo_glance.put(f"{path}/tags/x"), demo_glance.delete(f"{path}/tags/x"),
               demo_glance.put(f"{path}/file", content=b"data", headers={"Content-Type": "application/octet-stream"}),
               admin_glance.post(f"{path}/actions/deactivate"), admin_glance.post(f"{path}/actions/reactivate")]
    assert [(r.status_code, r.headers.get("content-type")) for r in answers] == [(204, WEBOB_DEFAULT)] * 5
    other = openstack_connection.current_project_id  # admin's project
    added = demo_glance.post(f"{path}/members", json={"member": other})
    assert added.status_code == 200, added.text
    gone = demo_glance.delete(f"{path}/members/{other}")
    assert (gone.status_code, gone.headers.get("content-type")) == (204, None)
    deleted = demo_glance.delete(path)
    assert (deleted.status_code, deleted.headers.get("content-type")) == (204, WEBOB_DEFAULT)


def test_sdk_reads_the_empty_answers(demo_connection: Any) -> None:
    image = demo_connection.image.create_image(name="parity-sdk", disk_format="raw", container_format="bare")
    demo_connection.image.add_tag(image, "x")
    assert demo_connection.image.get_image(image.id).tags == ["x"]
    demo_connection.image.delete_image(image.id, ignore_missing=False)
    assert demo_connection.image.find_image(image.id) is None


@pytest.mark.parametrize("query", ["status=bogus", "type=export"])
def test_task_list_refuses_unknown_filter_values(admin_glance: Glance, query: str) -> None:
    """Glance's tasks RequestDeserializer._get_filters: status and type are from fixed lists."""
    response = admin_glance.get(f"/tasks?{query}")
    assert response.status_code == 400
    key, value = query.split("=")
    assert message(response).startswith(f"Invalid {key} value: {value}<br")
    assert admin_glance.get("/tasks?status=success&type=import").status_code == 200


def test_metadef_views_as_glance_gives_them(admin_glance: Glance, openstack_connection: Any) -> None:
    """A namespace's show carries whole objects (no null description) and properties that name themselves;
    tag lists give names only; create answers with a Location; PUT replaces the namespace."""
    created = admin_glance.post("/metadefs/namespaces", json={"namespace": "Parity::NS", "display_name": "P",
                                                               "visibility": "public"})
    assert created.status_code == 201
    assert created.headers["location"].endswith("/image/v2/metadefs/namespaces/Parity::NS")
    base = "/metadefs/namespaces/Parity::NS"
    obj = admin_glance.post(f"{base}/objects", json={"name": "o", "properties": {}})
    assert obj.status_code == 201 and "description" not in obj.json() and "required" not in obj.json()
    prop = {"name": "p", "title": "P", "type": "string"}
    assert admin_glance.post(f"{base}/properties", json=prop).status_code == 201
    assert admin_glance.post(f"{base}/tags/t").status_code == 201
    shown = admin_glance.get(base).json()
    assert shown["properties"] == {"p": prop}
    assert set(shown["objects"][0]) == {"name", "required", "properties", "created_at", "updated_at", "self",
                                        "schema"}
    assert admin_glance.get(f"{base}/properties").json()["properties"]["p"]["name"] == "p"
    assert admin_glance.get(f"{base}/tags").json() == {"tags": [{"name": "t"}]}
    replaced = admin_glance.put(base, json={"namespace": "Parity::NS", "description": "d"})
    assert replaced.status_code == 200
    body = replaced.json()
    assert (body["visibility"], body["protected"], body["description"]) == ("private", False, "d")
    assert not {"display_name", "properties", "objects", "tags"} & set(body)
    sdk = openstack_connection.image.get_metadef_namespace("Parity::NS")
    assert (sdk.display_name, sdk.visibility, sdk.description) == (None, "private", "d")
    assert admin_glance.delete(base).status_code == 204


def test_schemas_built_as_glance_builds_them(demo_connection: Any, demo_glance: Glance) -> None:
    """The task schema is properties alone (described; self and schema read-only); metadef schemas share
    definitions through $ref and a collection carries its item's; image locations take validation_data."""
    task = demo_connection.image.get_task_schema()
    assert task.additional_properties is None
    assert not {"required", "links"} & set(demo_glance.get("/schemas/task").json())
    assert task.properties["self"] == {"type": "string", "readOnly": True}
    assert all("description" in task.properties[k] for k in ("id", "type", "status", "input", "result"))
    prop = demo_connection.image.get_metadef_property_schema()
    assert prop.required == ["type", "title", "name"] and prop.additional_properties is False
    assert prop.definitions["stringArray"]["minItems"] == 1
    assert prop.properties["maxLength"] == {"$ref": "#/definitions/positiveInteger"}
    namespace = demo_connection.image.get_metadef_namespace_schema()
    assert namespace.properties["properties"] == {"$ref": "#/definitions/property"}
    assert set(namespace.definitions) == {"positiveInteger", "positiveIntegerDefault0", "stringArray", "property"}
    objects = demo_glance.get("/schemas/metadefs/objects").json()
    assert "definitions" in objects and "definitions" not in objects["properties"]["objects"]["items"]
    properties = demo_glance.get("/schemas/metadefs/properties").json()
    assert properties["properties"]["properties"]["additionalProperties"]["required"] == ["type", "title"]
    location = demo_connection.image.get_image_schema().properties["locations"]["items"]["properties"]
    assert location["validation_data"]["writeOnly"] is True
    assert location["validation_data"]["required"] == ["os_hash_algo", "os_hash_value"]


def test_resource_types_have_no_updated_at(demo_glance: Glance) -> None:
    types = demo_glance.get("/metadefs/resource_types").json()["resource_types"]
    assert types and all(set(t) == {"name", "created_at"} for t in types)


def test_locations_through_patch_are_refused_as_glance_refuses_them(demo_glance: Glance) -> None:
    """Glance takes /locations/N for add and remove, /locations for replace; with locations not shown it then
    refuses each with a 403 naming the operation."""
    image = demo_glance.create(name="loc", disk_format="raw", container_format="bare")
    path = f"/images/{image['id']}"
    location = {"url": "file:///tmp/x", "metadata": {}}
    for ops, verb in (([{"op": "add", "path": "/locations/-", "value": location}], "add"),
                      ([{"op": "replace", "path": "/locations", "value": [location]}], "update")):
        response = demo_glance.patch(path, ops)
        assert response.status_code == 403
        assert message(response).startswith(f"It's not allowed to {verb} locations if locations are invisible.")
    wrong = demo_glance.patch(path, [{"op": "add", "path": "/locations", "value": location}])
    assert wrong.status_code == 400
    assert message(wrong).startswith("Invalid JSON pointer for this resource: '/locations'")
    removed = demo_glance.patch(path, [{"op": "remove", "path": "/locations/0"}])
    assert removed.status_code == 403  # delete_image_location is admin-only
    assert message(removed).startswith("You are not authorized to complete delete_image_location action.")


def test_a_full_task_page_has_a_next_link(openstack_connection: Any, admin_glance: Glance) -> None:
    """Glance's task list gives next whenever the page is full, even when nothing follows."""
    image = openstack_connection.image.create_image(name="tasked", disk_format="raw", container_format="bare")
    staged = admin_glance.put(f"/images/{image.id}/stage", content=b"x" * 64,
                              headers={"Content-Type": "application/octet-stream"})
    assert staged.status_code == 204
    imported = admin_glance.post(f"/images/{image.id}/import", json={"method": {"name": "glance-direct"}})
    assert imported.status_code == 202
    count = len(admin_glance.get("/tasks").json()["tasks"])
    assert count >= 1
    page = admin_glance.get(f"/tasks?limit={count}").json()
    assert page["next"].startswith(f"/v2/tasks?limit={count}&marker=")
    assert "next" not in admin_glance.get(f"/tasks?limit={count + 1}").json()


def test_create_with_locations_is_refused(demo_glance: Glance, demo_connection: Any) -> None:
    response = demo_glance.post("/images", json={"name": "with-locations", "locations": []})
    assert response.status_code == 403 and message(response).startswith("Attribute 'locations' is reserved.")
    assert demo_connection.image.find_image("with-locations") is None


def test_location_apis_of_2_17(demo_glance: Glance, alt_glance: Glance, admin_glance: Glance,
                               demo_connection: Any) -> None:
    """GET .../locations is for admins and services; POST needs a queued image, a member of its project, and
    then an http store this cloud lacks: Glance's 403 for anyone but a service."""
    queued = demo_glance.create(name="loc-api", disk_format="raw", container_format="bare")
    active = demo_connection.image.create_image(name="loc-active", disk_format="raw", container_format="bare",
                                                data=b"x" * 100)
    assert admin_glance.get(f"/images/{queued['id']}/locations").json() == []
    shown = admin_glance.get(f"/images/{active.id}/locations")
    assert shown.status_code == 200 and shown.headers["content-type"] == "application/json"
    [location] = shown.json()
    assert location["url"].startswith("file:///") and location["metadata"] == {"store": "file"}
    refused = demo_glance.get(f"/images/{queued['id']}/locations")
    assert refused.status_code == 403
    assert message(refused).startswith("You are not authorized to complete fetch_image_location action.")
    assert alt_glance.get(f"/images/{queued['id']}/locations").status_code == 404  # not even visible
    add = demo_glance.post(f"/images/{queued['id']}/locations", json={"url": "http://example.com/x"})
    assert add.status_code == 403
    assert message(add).startswith("http store must be enabled to use location API by normal user.")
    late = demo_glance.post(f"/images/{active.id}/locations", json={"url": "http://example.com/x"})
    assert late.status_code == 409 and message(late).startswith("It's not allowed to add locations if image status is")
    for body in ({}, {"url": 5}, {"url": "http://x/", "validation_data": {"md5": "x"}}):
        response = demo_glance.post(f"/images/{queued['id']}/locations", json=body)
        assert response.status_code == 400
        assert message(response).startswith("Provided object does not match schema 'location'")


def test_v2_mount_point_redirects_and_v2_slash_is_not_a_route(demo_glance: Glance, demo_connection: Any) -> None:
    moved = demo_glance.http.get("/image/v2", headers=demo_glance.headers)
    assert moved.status_code == 302 and moved.headers["location"].endswith("/image/v2/")
    assert demo_glance.http.get("/image/v2/", headers=demo_glance.headers).status_code == 404
    assert demo_glance.http.get("/image/v2").status_code == 401  # authenticated like any v2 path
    assert demo_connection.image.get_image(demo_connection.image.images().__next__().id)  # discovery still works
