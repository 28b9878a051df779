"""Interoperable image import: glance-direct (stage then import), web-download from this host,
copy-image, the task records, discovery documents and schemas."""

from __future__ import annotations

import hashlib
import http.server
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.image.conftest import Glance, message
from twinstack.testing import Cloud


def wait_status(glance: Glance, image_id: str, wanted: str) -> dict[str, Any]:
    for _ in range(200):
        shown = glance.get(f"/images/{image_id}").json()
        if shown["status"] == wanted:
            return shown
        time.sleep(0.02)
    raise AssertionError(f"image {image_id} stayed {shown['status']}, wanted {wanted}")


@pytest.fixture
def local_files(tmp_path) -> Iterator[tuple[str, Any]]:
    """A plain HTTP server on 127.0.0.1 serving tmp_path (the 'URL on this host' web-download takes)."""
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **kw)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    server.shutdown()


def test_discovery_documents(demo_glance: Glance, admin_glance: Glance) -> None:
    methods = demo_glance.get("/info/import").json()["import-methods"]
    assert methods["type"] == "array" and set(methods["value"]) == {"glance-direct", "web-download", "copy-image"}
    stores = demo_glance.get("/info/stores").json()["stores"]
    assert stores == [{"id": "file", "description": stores[0]["description"], "default": "true"}]
    assert demo_glance.get("/info/stores/detail").status_code == 403
    assert admin_glance.get("/info/stores/detail").json()["stores"][0]["type"] == "file"
    usage = demo_glance.get("/info/usage").json()["usage"]
    assert usage["image_count_total"]["limit"] == -1
    for name in ("image", "images", "member", "members", "task", "tasks"):
        schema = demo_glance.get(f"/schemas/{name}").json()
        assert schema["name"] == name
    assert "disk_format" in demo_glance.get("/schemas/image").json()["properties"]


def test_glance_direct_with_sdk(cloud: Cloud, demo_connection) -> None:
    payload = os.urandom(2 * 1024 * 1024)
    image = demo_connection.create_image("imported", data=payload, disk_format="raw", container_format="bare",
                                         use_import=True, wait=True)
    for _ in range(200):
        image = demo_connection.image.get_image(image.id)
        if image.status == "active":
            break
        time.sleep(0.02)
    assert image.status == "active" and image.size == len(payload)
    assert image.hash_value == hashlib.sha512(payload).hexdigest()
    assert "os_glance_import_task" not in image.properties
    assert demo_connection.image.download_image(image).content == payload


def test_stage_then_import_and_tasks(demo_glance: Glance, admin_glance: Glance) -> None:
    image = demo_glance.create(name="staged", disk_format="raw", container_format="bare")
    path = f"/images/{image['id']}"
    response = demo_glance.post(f"{path}/import", json={"method": {"name": "glance-direct"}})
    assert response.status_code == 409 and "staged" in message(response)
    assert demo_glance.put(f"{path}/stage", content=b"s" * 5000,
                           headers={"Content-Type": "application/octet-stream"}).status_code == 204
    assert demo_glance.get(path).json()["status"] == "uploading"
    assert demo_glance.get(f"{path}/file").status_code == 204  # staged data is not the image's data
    response = demo_glance.post(f"{path}/import", json={"method": {"name": "glance-direct"}})
    assert response.status_code == 202
    shown = wait_status(demo_glance, image["id"], "active")
    assert shown["size"] == 5000 and shown["checksum"] == hashlib.md5(b"s" * 5000).hexdigest()
    assert shown["stores"] == "file" and shown["os_glance_failed_import"] == ""
    tasks = demo_glance.get(f"{path}/tasks").json()["tasks"]
    assert len(tasks) == 1 and tasks[0]["type"] == "api_image_import" and tasks[0]["image_id"] == image["id"]
    assert tasks[0]["request_id"] == response.headers["x-openstack-request-id"]
    for _ in range(100):
        task = admin_glance.get(f"/tasks/{tasks[0]['id']}").json()
        if task["status"] == "success":
            break
        time.sleep(0.02)
    assert task["status"] == "success" and task["input"]["import_req"]["method"]["name"] == "glance-direct"
    listing = admin_glance.get("/tasks").json()
    assert tasks[0]["id"] in [t["id"] for t in listing["tasks"]] and listing["schema"] == "/v2/schemas/tasks"
    assert demo_glance.get("/tasks").status_code == 403  # the tasks API is for admins
    response = demo_glance.post(f"{path}/import", json={"method": {"name": "glance-direct"}})
    assert response.status_code == 409 and "active cannot be target" in message(response)


def test_web_download_from_this_host(demo_glance: Glance, local_files) -> None:
    base, directory = local_files
    payload = os.urandom(300_000)
    (directory / "disk.raw").write_bytes(payload)
    image = demo_glance.create(name="web", disk_format="raw", container_format="bare")
    path = f"/images/{image['id']}"
    response = demo_glance.post(f"{path}/import", json={"method": {"name": "web-download",
                                                                   "uri": f"{base}/disk.raw"}})
    assert response.status_code == 202, response.text
    shown = wait_status(demo_glance, image["id"], "active")
    assert shown["os_hash_value"] == hashlib.sha512(payload).hexdigest()
    assert demo_glance.get(f"{path}/file").content == payload
    # a URL that does not answer 200 fails the task and returns the image to queued
    other = demo_glance.create(name="web-404", disk_format="raw", container_format="bare")
    response = demo_glance.post(f"/images/{other['id']}/import",
                                json={"method": {"name": "web-download", "uri": f"{base}/missing"}})
    assert response.status_code == 202
    time.sleep(0.1)
    shown = wait_status(demo_glance, other["id"], "queued")
    assert shown["size"] is None
    assert demo_glance.get(f"/images/{other['id']}/tasks").json()["tasks"][0]["status"] == "failure"


def test_import_bad_input(demo_glance: Glance, admin_glance: Glance) -> None:
    image = demo_glance.create(name="bad", disk_format="raw", container_format="bare")
    path = f"/images/{image['id']}/import"
    for body, status, text in (
            ({}, 400, "requires a 'method' field"),
            ({"method": {}}, 400, "requires a 'name' field"),
            ({"method": {"name": "teleport"}}, 400, "Unknown import method name"),
            ({"method": {"name": "web-download", "uri": "http://example.com/x.img"}}, 400, "does not pass filtering"),
            ({"method": {"name": "web-download", "uri": "file:///etc/passwd"}}, 400, "does not pass filtering"),
            ({"method": {"name": "copy-image"}}, 409, "Only images with status active"),
            ({"method": {"name": "glance-direct"}, "all_stores": "yes"}, 400, "boolean")):
        response = demo_glance.post(path, json=body)
        assert response.status_code == status, (body, response.text)
        assert text in message(response), (body, response.text)
    assert demo_glance.get(f"/images/{image['id']}").json()["status"] == "queued"
    cirros = admin_glance.get("/images?name=cirros-0.6.3-x86_64-disk").json()["images"][0]
    response = admin_glance.post(f"/images/{cirros['id']}/import",
                                 json={"method": {"name": "copy-image"}, "all_stores": True})
    assert response.status_code == 202
    assert wait_status(admin_glance, cirros["id"], "active")["size"] == cirros["size"]


def test_legacy_import_task(admin_glance: Glance, local_files) -> None:
    base, directory = local_files
    (directory / "t.qcow2").write_bytes(b"QFI\xfb" + b"t" * 4000)
    task_input = {"import_from": f"{base}/t.qcow2", "import_from_format": "qcow2",
                  "image_properties": {"name": "from-task", "disk_format": "qcow2", "container_format": "bare"}}
    response = admin_glance.post("/tasks", json={"type": "import", "input": task_input})
    assert response.status_code == 201, response.text
    task_id = response.json()["id"]
    for _ in range(200):
        task = admin_glance.get(f"/tasks/{task_id}").json()
        if task["status"] in ("success", "failure"):
            break
        time.sleep(0.02)
    assert task["status"] == "success", task
    image = admin_glance.get(f"/images/{task['result']['image_id']}").json()
    assert (image["name"], image["status"], image["size"]) == ("from-task", "active", 4004)
    bad = dict(task_input, import_from="http://dummy-img-file.qcow2")
    response = admin_glance.post("/tasks", json={"type": "import", "input": bad})
    assert response.status_code == 400
    assert admin_glance.post("/tasks", json={"type": "teleport", "input": task_input}).status_code == 400
