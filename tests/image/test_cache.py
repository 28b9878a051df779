"""The image cache API (/v2/cache) as Glance 33 answers it, through openstacksdk, the ``openstack
cached image`` CLI and raw calls: queueing and the prefetcher (on the cloud clock), hits from
downloads, deletes and clears, policies (admin only), bad ids, versions, and a Glance without a cache."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from openstack import exceptions

from tests.conftest import openstack_cli
from tests.image.conftest import Glance, message
from twinstack.testing import Cloud

NO_CACHE = str(Path(__file__).with_name("models") / "no_cache.yaml")
UNKNOWN = "8a5a8f3e-3c4e-4d56-9d1e-6c1d2f7a0b11"


def _image(conn: Any, name: str, size: int = 4096) -> Any:
    return conn.create_image(name, data=os.urandom(size), disk_format="raw", container_format="bare", wait=True)


def _state(conn: Any) -> tuple[list[str], list[str]]:
    cache = conn.image.get_image_cache()
    return [entry.image_id for entry in cache.cached_images], list(cache.queued_images)


def _wait_cached(conn: Any, image_id: str) -> Any:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for entry in conn.image.get_image_cache().cached_images:
            if entry.image_id == image_id:
                return entry
        time.sleep(0.05)
    raise AssertionError(f"{image_id} was never cached")


def test_queue_prefetch_hit_delete_with_sdk(cloud: Cloud, openstack_connection: Any) -> None:
    conn = openstack_connection
    image = _image(conn, "to-cache", 5000)
    assert _state(conn) == ([], [])
    conn.image.queue_image(image.id)
    entry = _wait_cached(conn, image.id)
    assert (entry.size, entry.hits) == (5000, 0)
    assert isinstance(entry.last_accessed, float) and entry.last_modified == entry.last_accessed
    assert _state(conn) == ([image.id], [])
    conn.image.queue_image(image.id)  # already cached: nothing changes
    conn.image.download_image(image.id)  # served from the cache: a hit
    conn.image.download_image(image.id)
    entry = _wait_cached(conn, image.id)
    assert entry.hits == 2 and entry.last_accessed >= entry.last_modified
    conn.image.cache_delete_image(image.id)
    assert _state(conn) == ([], [])


def test_a_download_caches_the_image(cloud: Cloud, openstack_connection: Any, demo_connection: Any,
                                     demo_glance: Glance) -> None:
    """Glance's cache middleware tees a whole download into the cache; a Range request is not cached."""
    image = _image(demo_connection, "read-through")
    assert demo_glance.get(f"/images/{image.id}/file", headers={"Range": "bytes=0-9"}).status_code == 206
    assert _state(openstack_connection) == ([], [])
    demo_connection.image.download_image(image.id)
    entry = _wait_cached(openstack_connection, image.id)
    assert entry.hits == 0
    demo_connection.image.download_image(image.id)
    assert _wait_cached(openstack_connection, image.id).hits == 1
    demo_connection.image.delete_image(image.id)  # deleting the image drops its cache entry
    assert _state(openstack_connection) == ([], [])


def test_clear_targets(cloud: Cloud, manual_cloud: Cloud, openstack_connection: Any, admin_glance: Glance) -> None:
    conn = openstack_connection
    cached, queued = _image(conn, "cached"), _image(conn, "queued")
    conn.image.queue_image(cached.id)
    manual_cloud.advance_clock(0)
    _wait_cached(conn, cached.id)
    conn.image.queue_image(queued.id)  # held: the clock does not move
    assert _state(conn) == ([cached.id], [queued.id])
    conn.image.clear_cache("queue")
    assert _state(conn) == ([cached.id], [])
    conn.image.queue_image(queued.id)
    conn.image.clear_cache("cache")
    assert _state(conn) == ([], [queued.id])
    conn.image.queue_image(cached.id)
    conn.image.clear_cache()  # both: no header
    assert _state(conn) == ([], [])
    bad = admin_glance.delete("/cache", headers={"x-image-cache-clear-target": "both"})
    assert bad.status_code == 400
    assert "'cache', 'queue' or empty string" in message(bad)
    assert admin_glance.delete("/cache", headers={"x-image-cache-clear-target": "QUEUE"}).status_code == 204


@pytest.fixture
def manual_cloud(cloud: Cloud) -> Any:
    cloud.set_clock("manual")
    yield cloud
    cloud.set_clock("real")


def test_manual_clock_holds_the_prefetch(manual_cloud: Cloud, openstack_connection: Any) -> None:
    conn = openstack_connection
    first, second = _image(conn, "first"), _image(conn, "second")
    conn.image.queue_image(second.id)
    conn.image.queue_image(first.id)
    time.sleep(0.3)  # real time passes, cloud time does not: both stay queued, in the order queued
    assert _state(conn) == ([], sorted([second.id, first.id]))  # same cloud instant: Glance's name order
    manual_cloud.advance_clock(0)
    _wait_cached(conn, first.id)
    _wait_cached(conn, second.id)
    assert _state(conn)[1] == []


def test_queued_image_deleted_before_the_prefetch(manual_cloud: Cloud, openstack_connection: Any,
                                                  admin_glance: Glance) -> None:
    """Glance's prefetcher skips a missing image and leaves it queued; DELETE /cache/{id} still removes it."""
    conn = openstack_connection
    image = _image(conn, "gone-soon")
    conn.image.queue_image(image.id)
    conn.image.delete_image(image.id)
    manual_cloud.advance_clock(0)
    time.sleep(0.2)
    assert _state(conn) == ([], [image.id])
    assert admin_glance.put(f"/cache/{image.id}").status_code == 404  # the image is gone
    assert admin_glance.delete(f"/cache/{image.id}").status_code == 204
    assert _state(conn) == ([], [])
    assert admin_glance.delete(f"/cache/{image.id}").status_code == 404


def test_bad_ids_and_images_without_data(cloud: Cloud, openstack_connection: Any, admin_glance: Glance) -> None:
    for image_id in (UNKNOWN, "not-a-uuid"):
        for method in ("put", "delete"):
            response = getattr(admin_glance, method)(f"/cache/{image_id}")
            assert response.status_code == 404, (method, image_id, response.text)
            assert f"Image {image_id} not found." in message(response)
    with pytest.raises(exceptions.NotFoundException):
        openstack_connection.image.queue_image(UNKNOWN)
    with pytest.raises(exceptions.NotFoundException):
        openstack_connection.image.cache_delete_image(UNKNOWN, ignore_missing=False)
    empty = admin_glance.create(name="no-data", disk_format="raw", container_format="bare")
    response = admin_glance.put(f"/cache/{empty['id']}")
    assert response.status_code == 400
    assert "Only images with status active can be targeted for queueing" in message(response)
    assert admin_glance.post("/cache").status_code == 405
    assert admin_glance.get(f"/cache/{empty['id']}").status_code == 405


def test_non_admin_is_refused(cloud: Cloud, demo_connection: Any, demo_glance: Glance, alt_glance: Glance) -> None:
    image = _image(demo_connection, "mine")
    with pytest.raises(exceptions.ForbiddenException):
        demo_connection.image.get_image_cache()
    with pytest.raises(exceptions.ForbiddenException):
        demo_connection.image.queue_image(image.id)
    with pytest.raises(exceptions.ForbiddenException):
        demo_connection.image.cache_delete_image(image.id)
    with pytest.raises(exceptions.ForbiddenException):
        demo_connection.image.clear_cache()
    for method, path in (("get", "/cache"), ("delete", "/cache"), ("post", "/cache/clean"),
                         ("post", "/cache/prune")):
        response = getattr(demo_glance, method)(path)
        assert response.status_code == 403 and "Access was denied to this resource." in message(response)
    # an image the caller cannot see is a 404 before any policy
    assert alt_glance.put(f"/cache/{image.id}").status_code == 404


def test_clean_and_prune(cloud: Cloud, openstack_connection: Any, admin_glance: Glance) -> None:
    conn = openstack_connection
    image = _image(conn, "prunable", 2048)
    conn.image.download_image(image.id)
    clean = admin_glance.post("/cache/clean")
    assert clean.status_code == 200 and clean.content == b""
    pruned = admin_glance.post("/cache/prune")  # 2 KiB is far below the 10 GiB image_cache_max_size
    assert pruned.status_code == 200
    assert pruned.json() == {"total_files_pruned": 0, "total_bytes_pruned": 0}
    assert _state(conn) == ([image.id], [])


def test_versions_with_the_cache(cloud: Cloud, http: Any) -> None:
    versions = http.get("/image/versions").json()["versions"]
    ids = [v["id"] for v in versions]
    assert ids[:5] == ["v2.18", "v2.17", "v2.16", "v2.15", "v2.14"] and ids[-1] == "v2.0"
    assert [v["id"] for v in versions if v["status"] == "CURRENT"] == ["v2.18"]


@pytest.mark.cli
def test_cli_cached_image_commands(cloud: Cloud, openstack_connection: Any) -> None:
    image = _image(openstack_connection, "cli-cached")
    openstack_cli(cloud, "cached", "image", "queue", image.id)
    _wait_cached(openstack_connection, image.id)
    listed = openstack_cli(cloud, "cached", "image", "list", "-f", "json")
    assert [(row["ID"], row["State"], row["Hits"]) for row in listed] == [(image.id, "cached", 0)]
    openstack_cli(cloud, "cached", "image", "delete", image.name)
    assert openstack_cli(cloud, "cached", "image", "list", "-f", "json") == []
    openstack_cli(cloud, "cached", "image", "queue", image.id)
    _wait_cached(openstack_connection, image.id)
    openstack_cli(cloud, "cached", "image", "clear", "--cache")
    assert openstack_cli(cloud, "cached", "image", "list", "-f", "json") == []
    refused = openstack_cli(cloud, "cached", "image", "list", user="twinstack", check=False)
    assert refused.returncode != 0 and "Access was denied to this resource." in refused.stderr


@pytest.mark.twinstack_model(NO_CACHE)
def test_glance_without_a_cache(cloud: Cloud, openstack_connection: Any, admin_glance: Glance,
                                demo_glance: Glance, http: Any) -> None:
    image = _image(openstack_connection, "uncached")
    for method, path in (("get", "/cache"), ("put", f"/cache/{image.id}"), ("delete", f"/cache/{image.id}"),
                         ("delete", "/cache"), ("post", "/cache/prune")):
        response = getattr(admin_glance, method)(path)
        assert response.status_code == 404, (method, path)
        assert "Caching via API is not supported at this site." in message(response)
    assert demo_glance.get("/cache").status_code == 403  # the policy comes first
    assert admin_glance.put(f"/cache/{UNKNOWN}").status_code == 404
    openstack_connection.image.download_image(image.id)  # no cache: nothing is recorded
    versions = http.get("/image/versions").json()["versions"]
    assert [v["id"] for v in versions if v["status"] == "CURRENT"] == ["v2.17"]
    assert not {"v2.14", "v2.16", "v2.18"} & {v["id"] for v in versions}
