"""Image data: streamed upload and download through openstacksdk and the CLI, Range requests, and
uploads that go wrong (truncated, wrong checksum, twice) leaving the image queued with no data."""

from __future__ import annotations

import hashlib
import os
import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import openstack_cli
from tests.image.conftest import Glance, message, token
from twinstack.testing import Cloud


def test_upload_50mb_and_download_byte_equal(cloud: Cloud, demo_connection) -> None:
    payload = os.urandom(50 * 1024 * 1024)
    image = demo_connection.create_image("big", data=payload, disk_format="raw", container_format="bare",
                                         wait=True)
    shown = demo_connection.image.get_image(image.id)
    assert shown.status == "active" and shown.size == len(payload)
    assert shown.checksum == hashlib.md5(payload).hexdigest()
    assert (shown.hash_algo, shown.hash_value) == ("sha512", hashlib.sha512(payload).hexdigest())
    response = demo_connection.image.download_image(shown, stream=True)  # the sdk checks sha512 too
    got = hashlib.sha512()
    size = 0
    for chunk in response.iter_content(1024 * 1024):
        got.update(chunk)
        size += len(chunk)
    assert size == len(payload) and got.hexdigest() == shown.hash_value
    assert response.headers["Content-MD5"] == shown.checksum


def test_cli_create_from_file_and_save(cloud: Cloud, tmp_path) -> None:
    source = tmp_path / "disk.img"
    source.write_bytes(os.urandom(3 * 1024 * 1024 + 7))
    created = openstack_cli(cloud, "image", "create", "--file", str(source), "--disk-format", "qcow2",
                            "--container-format", "bare", "--property", "os_distro=cirros", "cli-image",
                            "-f", "json", user="twinstack")
    assert created["status"] == "active" and created["size"] == source.stat().st_size
    target = tmp_path / "saved.img"
    openstack_cli(cloud, "image", "save", "--file", str(target), created["id"], user="twinstack")
    assert target.read_bytes() == source.read_bytes()


def test_range_download(demo_glance: Glance) -> None:
    image = demo_glance.create(name="r", disk_format="raw", container_format="bare")
    payload = bytes(range(256)) * 40
    assert demo_glance.put(f"/images/{image['id']}/file", content=payload,
                           headers={"Content-Type": "application/octet-stream"}).status_code == 204
    path = f"/images/{image['id']}/file"
    response = demo_glance.get(path, headers={"Range": "bytes=10-19"})
    assert response.status_code == 206 and response.content == payload[10:20]
    assert response.headers["Content-Range"] == f"bytes 10-19/{len(payload)}"
    assert demo_glance.get(path, headers={"Range": "bytes=-5"}).content == payload[-5:]
    assert demo_glance.get(path, headers={"Range": "bytes=10200-"}).content == payload[10200:]
    response = demo_glance.get(path, headers={"Range": f"bytes={len(payload)}-"})
    assert response.status_code == 416 and response.headers["Content-Range"] == f"bytes */{len(payload)}"
    head = demo_glance.request("HEAD", path)
    assert head.status_code == 200 and head.headers["Content-Length"] == str(len(payload)) and not head.content
    full = demo_glance.get(path)
    assert full.status_code == 200 and full.content == payload
    assert full.headers["Content-MD5"] == hashlib.md5(payload).hexdigest()


def test_no_data_is_204_and_second_upload_is_409(demo_glance: Glance) -> None:
    image = demo_glance.create(name="empty", disk_format="raw", container_format="bare")
    path = f"/images/{image['id']}/file"
    assert demo_glance.get(path).status_code == 204
    response = demo_glance.put(path, content=b"abc", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415 and demo_glance.get(f"/images/{image['id']}").json()["status"] == "queued"
    assert (
        demo_glance.put(path, content=b"abc", headers={"Content-Type": "application/octet-stream"}).status_code == 204
    )
    response = demo_glance.put(path, content=b"def", headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 409 and "active to saving is not allowed" in message(response)
    assert demo_glance.get(path).content == b"abc"


def test_chunked_upload_is_accepted(demo_glance: Glance) -> None:
    image = demo_glance.create(name="chunked", disk_format="raw", container_format="bare")

    def chunks():
        for i in range(20):
            yield bytes([i]) * 100_000

    response = demo_glance.put(
        f"/images/{image['id']}/file", content=chunks(), headers={"Content-Type": "application/octet-stream"}
    )
    assert response.status_code == 204, response.text
    shown = demo_glance.get(f"/images/{image['id']}").json()
    assert shown["status"] == "active" and shown["size"] == 2_000_000


def test_wrong_checksum_leaves_the_image_queued(demo_glance: Glance) -> None:
    image = demo_glance.create(name="bad-md5", disk_format="raw", container_format="bare")
    path = f"/images/{image['id']}/file"
    response = demo_glance.put(
        path,
        content=b"hello",
        headers={"Content-Type": "application/octet-stream", "Content-MD5": hashlib.md5(b"other").hexdigest()},
    )
    assert response.status_code == 400 and "checksum" in message(response)
    shown = demo_glance.get(f"/images/{image['id']}").json()
    assert (shown["status"], shown["size"], shown["checksum"]) == ("queued", None, None)
    assert demo_glance.get(path).status_code == 204
    # a declared size that does not match the data is refused the same way
    response = demo_glance.put(
        path, content=b"hello", headers={"Content-Type": "application/octet-stream", "X-OpenStack-Image-Size": "6"}
    )
    assert response.status_code == 400
    # and the right one is then accepted
    response = demo_glance.put(
        path,
        content=b"hello",
        headers={"Content-Type": "application/octet-stream", "Content-MD5": hashlib.md5(b"hello").hexdigest()},
    )
    assert response.status_code == 204


def test_truncated_upload_goes_back_to_queued(cloud: Cloud, demo_glance: Glance) -> None:
    image = demo_glance.create(name="cut", disk_format="raw", container_format="bare")
    url = urlsplit(cloud.url)
    with socket.create_connection((url.hostname, url.port)) as sock:
        head = (
            f"PUT /image/v2/images/{image['id']}/file HTTP/1.1\r\nHost: {url.netloc}\r\n"
            f"X-Auth-Token: {demo_glance.headers['X-Auth-Token']}\r\n"
            "Content-Type: application/octet-stream\r\nContent-Length: 10000000\r\n\r\n"
        )
        sock.sendall(head.encode() + b"x" * 3_000_000)
        time.sleep(0.2)
    path = f"/images/{image['id']}"
    for _ in range(100):  # the server notices the closed connection asynchronously
        shown = demo_glance.get(path).json()
        if shown["status"] == "queued":
            break
        time.sleep(0.05)
    assert (shown["status"], shown["size"], shown["checksum"]) == ("queued", None, None)
    assert demo_glance.get(f"{path}/file").status_code == 204
    response = demo_glance.put(f"{path}/file", content=b"whole", headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 204
    assert demo_glance.get(f"{path}/file").content == b"whole"


def test_upload_needs_formats_and_ownership(demo_glance: Glance, alt_glance: Glance, admin_glance: Glance) -> None:
    image = demo_glance.create(name="noformat")
    response = demo_glance.put(
        f"/images/{image['id']}/file", content=b"x", headers={"Content-Type": "application/octet-stream"}
    )
    assert response.status_code == 400 and "disk_format" in message(response)
    cirros = list(alt_glance.get("/images?name=cirros-0.6.3-x86_64-disk").json()["images"])[0]
    response = alt_glance.put(
        f"/images/{cirros['id']}/file", content=b"x", headers={"Content-Type": "application/octet-stream"}
    )
    assert response.status_code == 403
    assert alt_glance.get(f"/images/{cirros['id']}/file").content  # public data downloads


def test_model_image_data_downloads(cloud: Cloud, demo_connection) -> None:
    cirros = demo_connection.image.find_image("cirros-0.6.3-x86_64-disk")
    data = demo_connection.image.download_image(cirros).content
    assert len(data) == cirros.size and hashlib.md5(data).hexdigest() == cirros.checksum


def test_model_image_from_file(custom_cloud) -> None:
    custom, disk = custom_cloud
    with httpx.Client(base_url=custom.url) as http:
        glance = Glance(http, token(http, "demo", "demo"))
        mine = glance.get("/images?name=mine").json()["images"][0]
        assert mine["visibility"] == "private" and mine["size"] == 5004
        assert glance.get(f"/images/{mine['id']}/file").content == disk.read_bytes()


def test_snapshot_keeps_image_data_and_reset_forgets_it(cloud: Cloud, demo_glance: Glance) -> None:
    image = demo_glance.create(name="snap-me", disk_format="raw", container_format="bare")
    path = f"/images/{image['id']}"
    assert (
        demo_glance.put(
            f"{path}/file", content=b"keep me", headers={"Content-Type": "application/octet-stream"}
        ).status_code
        == 204
    )
    control = demo_glance.http
    assert control.post("/_twinstack/snapshots", json={"name": "image-data"}).status_code == 201
    assert demo_glance.delete(path).status_code == 204
    assert control.post("/_twinstack/snapshots/image-data/load").status_code == 200
    assert demo_glance.get(f"{path}/file").content == b"keep me"
    cloud.reset()
    assert demo_glance.get(path).status_code == 404
    assert demo_glance.get("/images?name=cirros-0.6.3-x86_64-disk").json()["images"][0]["status"] == "active"
    control.delete("/_twinstack/snapshots/image-data")


def test_fault_rule_kills_an_upload(demo_glance: Glance) -> None:
    control = demo_glance.http
    rule = {
        "match": {"service": "image", "name": "^doomed"},
        "action": {"outcome": "image_upload_killed", "status": 503},
    }
    assert control.post("/_twinstack/faults", json=rule).status_code == 201
    try:
        doomed = demo_glance.create(name="doomed-1", disk_format="raw", container_format="bare")
        fine = demo_glance.create(name="fine", disk_format="raw", container_format="bare")
        octet = {"Content-Type": "application/octet-stream"}
        response = demo_glance.put(f"/images/{doomed['id']}/file", content=b"x" * 100, headers=octet)
        assert response.status_code == 503
        shown = demo_glance.get(f"/images/{doomed['id']}").json()
        assert (shown["status"], shown["size"]) == ("killed", None)
        assert demo_glance.get(f"/images/{doomed['id']}/file").status_code == 204
        assert demo_glance.put(f"/images/{doomed['id']}/file", content=b"x", headers=octet).status_code == 409
        assert demo_glance.put(f"/images/{fine['id']}/file", content=b"x", headers=octet).status_code == 204
        assert demo_glance.delete(f"/images/{doomed['id']}").status_code == 204
    finally:
        control.delete("/_twinstack/faults")


def test_virtual_size_from_the_data(demo_glance: Glance) -> None:
    octet = {"Content-Type": "application/octet-stream"}
    qcow2 = demo_glance.create(name="q", disk_format="qcow2", container_format="bare")
    header = b"QFI\xfb" + (3).to_bytes(4, "big") + bytes(16) + (1 << 30).to_bytes(8, "big") + bytes(480)
    assert demo_glance.put(f"/images/{qcow2['id']}/file", content=header, headers=octet).status_code == 204
    assert demo_glance.get(f"/images/{qcow2['id']}").json()["virtual_size"] == 1 << 30
    raw = demo_glance.create(name="r", disk_format="raw", container_format="bare")
    assert demo_glance.put(f"/images/{raw['id']}/file", content=b"r" * 777, headers=octet).status_code == 204
    assert demo_glance.get(f"/images/{raw['id']}").json()["virtual_size"] == 777
    for content in (b"not qcow2", b"QFI\xfb" + b"\xff" * 60):  # not a header, or one with nonsense in it
        bogus = demo_glance.create(name="b", disk_format="qcow2", container_format="bare")
        assert demo_glance.put(f"/images/{bogus['id']}/file", content=content, headers=octet).status_code == 204
        assert demo_glance.get(f"/images/{bogus['id']}").json()["virtual_size"] is None


def test_model_errors_name_their_place(tmp_path) -> None:
    """A model's bad references are all reported, each with its place, and nothing is created."""
    from twinstack.cloud import Cloud as CloudState
    from twinstack.config import Settings
    from twinstack.model.loader import ModelError

    model = tmp_path / "bad.yaml"
    model.write_text("image:\n  images:\n    - {name: x, owner: nobody}\n    - {name: y, file: /no/such/file}\n")
    state = CloudState(Settings(models=[str(model)], state_dir=str(tmp_path / "state")))
    try:
        with pytest.raises(ModelError) as err:
            state.open()
    finally:
        state.close()
    assert "(x).owner: unknown project 'nobody'" in str(err.value)
    assert "(y).file: no such file '/no/such/file'" in str(err.value)


def test_name_fault_rule_leaves_uploads_streamed(demo_glance: Glance) -> None:
    """A fault rule matching image names by regex must not read (and refuse) a large upload body."""
    control = demo_glance.http
    rule = {"match": {"service": "image", "name": "^refused"}, "action": {"status": 503}}
    assert control.post("/_twinstack/faults", json=rule).status_code == 201
    try:
        assert demo_glance.post("/images", json={"name": "refused-1"}).status_code == 503
        image = demo_glance.create(name="allowed", disk_format="raw", container_format="bare")
        response = demo_glance.put(
            f"/images/{image['id']}/file",
            content=b"b" * 3_000_000,
            headers={"Content-Type": "application/octet-stream"},
        )
        assert response.status_code == 204, response.text
    finally:
        control.delete("/_twinstack/faults")
