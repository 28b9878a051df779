"""Swift through openstacksdk (as Ansible's and Terraform's users drive it) and raw HTTP where a client
reads headers: containers, objects, listings, metadata, ranges, conditionals, copies, expiry, ACLs."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import tarfile
import time
from typing import Any

import httpx
import pytest

from tests.conftest import openstack_cli
from twinstack.testing import Cloud


@pytest.fixture
def conn(cloud: Cloud) -> Any:
    return cloud.connect("twinstack")


@pytest.fixture
def swift(cloud: Cloud, conn: Any) -> httpx.Client:
    """Raw HTTP at the demo project's account, with demo's token."""
    endpoint = conn.object_store.get_endpoint()
    return httpx.Client(base_url=endpoint.rstrip("/"), headers={"X-Auth-Token": conn.auth_token}, timeout=30)


def test_catalog_and_info(conn: Any, cloud: Cloud) -> None:
    endpoint = conn.object_store.get_endpoint()
    assert endpoint.endswith(f"/object-storage/v1/AUTH_{conn.current_project_id}")
    info = conn.object_store.get_info()
    assert info.swift["max_file_size"] == 5 * 1024**3 + 2 and "slo" in info


def test_containers_and_objects_through_the_sdk(conn: Any) -> None:
    store = conn.object_store
    store.create_container("backups", metadata={"color": "blue"})
    data = b"hello swift" * 100
    store.upload_object(container="backups", name="day/1.txt", data=data, metadata={"kind": "daily"})
    store.upload_object(container="backups", name="day/2.txt", data=b"2")
    store.upload_object(container="backups", name="week.txt", data=b"w")
    assert store.download_object("day/1.txt", container="backups") == data
    shown = store.get_object_metadata("day/1.txt", container="backups")
    # (the SDK also sends the container's metadata as the object's: X-Object-Meta-X-Container-Meta-color)
    assert shown.etag == hashlib.md5(data).hexdigest() and shown.metadata["kind"] == "daily"
    assert shown.content_type == "text/plain"
    assert [o.name for o in store.objects("backups")] == ["day/1.txt", "day/2.txt", "week.txt"]
    listed = [o.name for o in store.objects("backups", prefix="day/")]
    assert listed == ["day/1.txt", "day/2.txt"]
    container = store.get_container_metadata("backups")
    assert container.object_count == 3 and container.bytes_used == len(data) + 2
    assert container.metadata == {"color": "blue"}
    store.set_object_metadata("day/1.txt", container="backups", kind="weekly")
    assert store.get_object_metadata("day/1.txt", container="backups").metadata["kind"] == "weekly"
    assert "backups" in [c.name for c in store.containers()]
    for name in ("day/1.txt", "day/2.txt", "week.txt"):
        store.delete_object(name, container="backups")
    store.delete_container("backups")
    assert "backups" not in [c.name for c in store.containers()]


def test_listing_formats_delimiter_and_markers(swift: httpx.Client) -> None:
    assert swift.put("/logs").status_code == 201
    assert swift.put("/logs").status_code == 202
    for name in ("a/1", "a/2", "b/1", "c", "d"):
        assert swift.put(f"/logs/{name}", content=name.encode()).status_code == 201
    plain = swift.get("/logs")
    assert plain.text == "a/1\na/2\nb/1\nc\nd\n" and plain.headers["content-type"] == "text/plain; charset=utf-8"
    assert swift.get("/logs", params={"delimiter": "/"}).text == "a/\nb/\nc\nd\n"
    assert swift.get("/logs", params={"delimiter": "/", "reverse": "true"}).text == "d\nc\nb/\na/\n"
    assert swift.get("/logs", params={"marker": "a/2", "end_marker": "d"}).text == "b/1\nc\n"
    assert swift.get("/logs", params={"limit": "2"}).text == "a/1\na/2\n"
    rows = swift.get("/logs", params={"format": "json", "prefix": "a/"}).json()
    assert [r["name"] for r in rows] == ["a/1", "a/2"]
    assert set(rows[0]) == {"name", "hash", "bytes", "content_type", "last_modified"}
    xml = swift.get("/logs", headers={"Accept": "application/xml"})
    assert xml.text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<container name="logs"><object><name>a/1')
    assert swift.get("/logs", params={"prefix": "zzz"}).status_code == 204
    assert swift.get("/logs", params={"prefix": "zzz", "format": "json"}).json() == []
    assert swift.get("/logs", params={"limit": "x"}).status_code == 412
    head = swift.head("/logs")
    assert head.status_code == 204 and head.headers["x-container-object-count"] == "5"
    assert swift.delete("/logs").status_code == 409
    account = swift.get("", params={"format": "json"}).json()
    assert {k: v for k, v in account[0].items() if k != "last_modified"} == {"name": "logs", "count": 5, "bytes": 11}


def test_ranges_conditionals_and_etags(swift: httpx.Client) -> None:
    swift.put("/c")
    body = bytes(range(256)) * 4
    put = swift.put("/c/blob", content=body, headers={"Content-Type": "application/octet-stream"})
    etag = hashlib.md5(body).hexdigest()
    assert put.status_code == 201 and put.headers["etag"] == etag
    part = swift.get("/c/blob", headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == body[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(body)}"
    assert swift.get("/c/blob", headers={"Range": "bytes=-5"}).content == body[-5:]
    assert swift.get("/c/blob", headers={"Range": "bytes=5000-"}).status_code == 416
    multi = swift.get("/c/blob", headers={"Range": "bytes=0-1,10-11"})
    assert multi.status_code == 206 and multi.headers["content-type"].startswith("multipart/byteranges")
    assert swift.get("/c/blob", headers={"If-None-Match": etag}).status_code == 304
    assert swift.get("/c/blob", headers={"If-Match": "nope"}).status_code == 412
    assert swift.put("/c/blob", content=b"x", headers={"If-None-Match": "*"}).status_code == 412
    assert swift.put("/c/bad", content=b"x", headers={"ETag": "0" * 32}).status_code == 422
    assert swift.get("/c/bad").status_code == 404
    missing = swift.get("/c/nothing")
    assert missing.text == "<html><h1>Not Found</h1><p>The resource could not be found.</p></html>"


def test_copy_expiry_and_large_objects(swift: httpx.Client, cloud: Cloud) -> None:
    swift.put("/src")
    swift.put("/src/o", content=b"original", headers={"X-Object-Meta-A": "1"})
    copied = swift.put("/src/o2", headers={"X-Copy-From": "src/o", "Content-Length": "0"})
    assert copied.status_code == 201 and copied.headers["x-copied-from"] == "src/o"
    assert swift.get("/src/o2").content == b"original" and swift.head("/src/o2").headers["x-object-meta-a"] == "1"
    assert swift.request("COPY", "/src/o", headers={"Destination": "src/o3"}).status_code == 201
    assert swift.get("/src/o3").content == b"original"
    # expiry on the cloud clock
    cloud.set_clock("manual")
    swift.put("/src/short", content=b"x", headers={"X-Delete-After": "60"})
    assert swift.get("/src/short").status_code == 200
    cloud.advance_clock(61)
    assert swift.get("/src/short").status_code == 404
    assert "short" not in swift.get("/src").text
    # a DLO: every object under the prefix, in order
    for i in range(3):
        swift.put(f"/src/seg/{i}", content=f"part{i}".encode())
    swift.put("/src/dlo", content=b"", headers={"X-Object-Manifest": "src/seg/"})
    assert swift.get("/src/dlo").content == b"part0part1part2"
    # an SLO from a manifest
    manifest = [{"path": f"/src/seg/{i}", "etag": hashlib.md5(f"part{i}".encode()).hexdigest(), "size_bytes": 5}
                for i in range(3)]
    slo = swift.put("/src/slo", params={"multipart-manifest": "put"}, content=json.dumps(manifest))
    assert slo.status_code == 201, slo.text
    assert swift.get("/src/slo").content == b"part0part1part2"
    assert swift.get("/src/slo", headers={"Range": "bytes=3-6"}).content == b"t0pa"
    assert len(swift.get("/src/slo", params={"multipart-manifest": "get"}).json()) == 3
    bad = swift.put("/src/slo2", params={"multipart-manifest": "put"}, content=json.dumps([{"path": "/src/none"}]))
    assert bad.status_code == 400
    gone = swift.delete("/src/slo", params={"multipart-manifest": "delete"}, headers={"Accept": "application/json"})
    assert gone.json()["Number Deleted"] == 4
    assert swift.get("/src/seg/0").status_code == 404


def test_acls_quotas_and_other_projects(cloud: Cloud, conn: Any, swift: httpx.Client) -> None:
    alt = cloud.connect("twinstack-alt")
    other = httpx.Client(base_url=swift.base_url, headers={"X-Auth-Token": alt.auth_token})
    anonymous = httpx.Client(base_url=swift.base_url)
    swift.put("/private")
    swift.put("/private/o", content=b"secret")
    assert other.get("/private/o").status_code == 403
    assert anonymous.get("/private/o").status_code == 401
    assert other.put("/private/x", content=b"x").status_code == 403
    assert other.get("").status_code == 403
    swift.post("/private", headers={"X-Container-Read": ".r:*"})
    assert anonymous.get("/private/o").content == b"secret"
    assert anonymous.get("/private").status_code == 401  # no .rlistings
    swift.post("/private", headers={"X-Container-Write": f"{alt.current_project_id}:*"})
    assert other.put("/private/from-alt", content=b"x").status_code == 201
    swift.post("/private", headers={"X-Container-Meta-Quota-Count": "2"})
    assert swift.put("/private/4", content=b"x").status_code == 413
    assert swift.put("/nope/o", content=b"x").status_code == 404
    bad_meta = swift.post("/private", headers={"X-Container-Meta-" + "k" * 129: "v"})
    assert bad_meta.status_code == 400 and "Metadata name too long" in bad_meta.text
    bulk = swift.post("", params={"bulk-delete": "1"}, content="/private/o\n/private/missing\n",
                      headers={"Accept": "application/json"})
    assert bulk.json()["Number Deleted"] == 1 and bulk.json()["Number Not Found"] == 1
    bad_token = httpx.get(str(swift.base_url).rstrip("/") + "/private", headers={"X-Auth-Token": "garbage"})
    assert bad_token.status_code == 401 and bad_token.text.startswith("<html><h1>Unauthorized")


@pytest.mark.cli
def test_the_openstack_cli(cloud: Cloud, tmp_path: Any) -> None:
    source = tmp_path / "report.txt"
    source.write_text("quarterly\n")
    openstack_cli(cloud, "container", "create", "docs", user="twinstack")
    created = openstack_cli(cloud, "object", "create", "docs", str(source), "-f", "json", user="twinstack")
    assert created[0]["object"] == str(source)
    listed = openstack_cli(cloud, "object", "list", "docs", "-f", "json", user="twinstack")
    assert [o["Name"] for o in listed] == [str(source)]
    shown = openstack_cli(cloud, "container", "show", "docs", "-f", "json", user="twinstack")
    assert shown["object_count"] in ("1", 1)
    account = openstack_cli(cloud, "object", "store", "account", "show", "-f", "json", user="twinstack")
    assert account["Containers"] in ("1", 1)


def test_tempurl_signs_one_object_and_nothing_else(swift: httpx.Client, cloud: Cloud) -> None:
    swift.post("", headers={"X-Account-Meta-Temp-URL-Key": "secret"})
    swift.put("/share")
    swift.put("/share/docs/report.txt", content=b"figures", headers={"X-Object-Meta-Owner": "ops",
                                                                     "X-Object-Meta-Public-Tag": "q3"})
    path = f"/v1/{str(swift.base_url).rstrip('/').rsplit('/', 1)[1]}/share/docs/report.txt"
    anonymous = httpx.Client(base_url=swift.base_url)

    def signed(method: str, expires: int, signed_path: str = path, algo: Any = hashlib.sha256) -> str:
        return hmac.new(b"secret", f"{method}\n{expires}\n{signed_path}".encode(), algo).hexdigest()

    expires = int(time.time()) + 600
    got = anonymous.get("/share/docs/report.txt", params={"temp_url_sig": signed("GET", expires),
                                                         "temp_url_expires": expires})
    assert got.status_code == 200 and got.content == b"figures"
    assert got.headers["content-disposition"].startswith('attachment; filename="report.txt"')
    assert "x-object-meta-owner" not in got.headers and got.headers["x-object-meta-public-tag"] == "q3"
    inline = anonymous.get("/share/docs/report.txt", params={"temp_url_sig": signed("GET", expires, algo=hashlib.sha1),
                                                            "temp_url_expires": expires, "inline": ""})
    assert inline.headers["content-disposition"] == "inline"
    # the wrong method, an expired or a tampered signature: 401, even with a token
    assert anonymous.delete("/share/docs/report.txt", params={"temp_url_sig": signed("GET", expires),
                                                             "temp_url_expires": expires}).status_code == 401
    past = int(time.time()) - 1
    assert swift.get("/share/docs/report.txt", params={"temp_url_sig": signed("GET", past),
                                                      "temp_url_expires": past}).status_code == 401
    # a prefix signs everything under it
    prefix_path = path.rsplit("/", 1)[0] + "/"
    sig = signed("GET", expires, "prefix:" + prefix_path)
    by_prefix = anonymous.get("/share/docs/report.txt", params={"temp_url_sig": sig, "temp_url_expires": expires,
                                                               "temp_url_prefix": "docs/"})
    assert by_prefix.status_code == 200


def test_bulk_upload_health_and_account_quotas(swift: httpx.Client, cloud: Cloud) -> None:
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for name in ("photos/a.jpg", "photos/b.jpg", "notes/todo.txt"):
            info = tarfile.TarInfo(name)
            info.size = len(name)
            tar.addfile(info, io.BytesIO(name.encode()))
    made = swift.put("/", params={"extract-archive": "tar.gz"}, content=archive.getvalue(),
                     headers={"Accept": "application/json"})
    assert made.status_code == 200 and made.json()["Number Files Created"] == 3, made.text
    assert swift.get("/photos/b.jpg").content == b"photos/b.jpg"
    root = str(swift.base_url).split("/v1/")[0]
    assert httpx.get(f"{root}/healthcheck").text == "OK"
    assert "cross-domain-policy" in httpx.get(f"{root}/crossdomain.xml").text
    # only the reseller admin sets an account's quota; then a write past it is a 413
    assert swift.post("", headers={"X-Account-Quota-Count": "3"}).status_code == 403
    admin = cloud.connect("twinstack-admin")
    reseller = admin.identity.find_role("ResellerAdmin")
    admin.identity.assign_project_role_to_user(admin.current_project_id, admin.current_user_id, reseller)
    token = cloud.connect("twinstack-admin").auth_token
    quota = httpx.post(str(swift.base_url), headers={"X-Auth-Token": token, "X-Account-Quota-Count": "3"})
    assert quota.status_code == 204
    assert swift.put("/notes/more.txt", content=b"x").status_code == 413
    assert swift.head("").headers["x-account-object-count"] == "3"


def test_formpost_and_static_web(swift: httpx.Client) -> None:
    swift.post("", headers={"X-Account-Meta-Temp-URL-Key": "formkey"})
    swift.put("/site", headers={"X-Container-Read": ".r:*,.rlistings"})
    account_path = "/v1/" + str(swift.base_url).rstrip("/").rsplit("/", 1)[1]
    expires = int(time.time()) + 600

    def form(signature_key: bytes, when: int) -> tuple[bytes, str]:
        body = f"{account_path}/site/up/\n\n1024\n2\n{when}"
        sig = hmac.new(signature_key, body.encode(), hashlib.sha256).hexdigest()
        fields = {"redirect": "", "max_file_size": "1024", "max_file_count": "2", "expires": str(when),
                  "signature": sig}
        parts = [f'--b\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
        parts.append('--b\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n'
                     "Content-Type: text/plain\r\n\r\nhello form\r\n--b--\r\n")
        return "".join(parts).encode(), "multipart/form-data; boundary=b"

    anonymous = httpx.Client(base_url=swift.base_url)
    body, kind = form(b"formkey", expires)
    posted = anonymous.post("/site/up/", content=body, headers={"Content-Type": kind})
    assert posted.status_code == 201, posted.text
    assert swift.get("/site/up/a.txt").text == "hello form"
    body, kind = form(b"wrong", expires)
    refused = anonymous.post("/site/up/", content=body, headers={"Content-Type": kind})
    assert refused.status_code == 401 and "FormPost: Invalid Signature" in refused.text
    body, kind = form(b"formkey", int(time.time()) - 5)
    assert "FormPost: Form Expired" in anonymous.post("/site/up/", content=body, headers={"Content-Type": kind}).text
    # static web: index, listings with their CSS, error pages, for anonymous browsers only
    swift.put("/site/index.html", content=b"<h1>home</h1>", headers={"Content-Type": "text/html"})
    swift.put("/site/404error.html", content=b"gone", headers={"Content-Type": "text/html"})
    swift.post("/site", headers={"X-Container-Meta-Web-Index": "index.html",
                                 "X-Container-Meta-Web-Error": "error.html"})
    assert anonymous.get("/site/").content == b"<h1>home</h1>"
    missing = anonymous.get("/site/nothing")
    assert missing.status_code == 404 and missing.content == b"gone"
    swift.post("/site", headers={"X-Remove-Container-Meta-Web-Index": "x", "X-Container-Meta-Web-Listings": "true",
                                 "X-Container-Meta-Web-Listings-Css": "style.css"})
    page = anonymous.get("/site")
    assert 'href="style.css"' in page.text and "index.html" in page.text
    assert swift.get("/site").text.splitlines()[0] == "404error.html"  # the owner still gets the API


def test_versioned_writes_stack_and_history(swift: httpx.Client) -> None:
    swift.put("/archive")
    swift.put("/docs", headers={"X-Versions-Location": "archive"})
    assert swift.head("/docs").headers["x-versions-location"] == "archive"
    swift.put("/docs/a.txt", content=b"one")
    swift.put("/docs/a.txt", content=b"two")
    swift.put("/docs/a.txt", content=b"three")
    archived = swift.get("/archive", params={"format": "json"}).json()
    assert len(archived) == 2 and all(a["name"].startswith("005a.txt/") for a in archived)
    assert swift.delete("/docs/a.txt").status_code == 204
    assert swift.get("/docs/a.txt").content == b"two"  # the newest archived version is back
    assert swift.delete("/docs/a.txt").status_code == 204
    assert swift.get("/docs/a.txt").content == b"one"
    assert swift.delete("/docs/a.txt").status_code == 204
    assert swift.get("/docs/a.txt").status_code == 404
    assert swift.head("/archive").headers["x-container-object-count"] == "0"
    # history mode: a delete archives, nothing comes back
    swift.put("/history")
    swift.put("/log", headers={"X-History-Location": "history"})
    swift.put("/log/x", content=b"v1")
    swift.put("/log/x", content=b"v2")
    assert swift.delete("/log/x").status_code == 204
    assert swift.get("/log/x").status_code == 404
    kept = [swift.get(f"/history/{a['name']}").content for a in swift.get("/history", params={"format": "json"}).json()]
    assert sorted(kept) == [b"v1", b"v2"]
