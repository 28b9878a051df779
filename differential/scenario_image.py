"""The image part of the scenario: what a client does to Glance's Images API v2, its mistakes included.
Variables known before it starts: other_project (a project that is not the caller's, for members)."""

from __future__ import annotations

from typing import Any

from differential.steps import Step

MISSING = "9f3c1a52-7d6e-4b0f-8a41-3c2d1e0f9a77"
DATA = b"differential image data\n" * 64
PATCH_TYPE = "application/openstack-images-v2.1-json-patch"
OCTETS = {"Content-Type": "application/octet-stream"}


def g(method: str, path: str, body: Any = None, headers: dict[str, str] | None = None, **kw: Any) -> Step:
    """keystoneauth asks for JSON on every request; Glance's errors are HTML (webob's default) without it."""
    return Step("image", method, path, body, headers={"Accept": "application/json", **(headers or {})}, **kw)


def patch(image: str, ops: Any, **kw: Any) -> Step:
    return g("PATCH", f"/v2/images/{{{image}}}", ops, headers={"Content-Type": PATCH_TYPE}, **kw)


def discovery() -> list[Step]:
    return [
        g("GET", "/", note="version document"),
        g("GET", "/versions"),
        g("GET", "/v2", note="v2 root"),
        g("GET", "/v2/info/import"),
        g("GET", "/v2/info/stores"),
        g("GET", "/v2/info/stores/detail", note="admin"),
        g("GET", "/v2/info/stores/detail", persona="member", note="member"),
        g("GET", "/v2/info/usage"),
        g("GET", "/v2/schemas/image"),
        g("GET", "/v2/schemas/images"),
        g("GET", "/v2/schemas/member"),
        g("GET", "/v2/schemas/members"),
        g("GET", "/v2/schemas/task"),
        g("GET", "/v2/schemas/tasks"),
        g("GET", "/v2/schemas/metadefs/namespace"),
        g("GET", "/v2/schemas/metadefs/namespaces"),
        g("GET", "/v2/schemas/metadefs/object"),
        g("GET", "/v2/schemas/metadefs/property"),
        g("GET", "/v2/schemas/metadefs/tag"),
        g("GET", "/v2/schemas/metadefs/resource_type"),
        g("GET", "/v2/schemas/nope", note="unknown schema"),
    ]


def create_and_list() -> list[Step]:
    base = {"disk_format": "qcow2", "container_format": "bare"}
    return [
        g("POST", "/v2/images", {"name": "diff-a", "disk_format": "raw", "container_format": "bare",
                                 "visibility": "private", "tags": ["t1", "t2"], "min_disk": 1, "min_ram": 64,
                                 "hw_disk_bus": "scsi", "diff_prop": "x"},
          save={"img_a": "id"}, note="with properties and tags"),
        g("POST", "/v2/images", {"name": "diff-b", **base, "visibility": "shared"}, save={"img_b": "id"}),
        g("POST", "/v2/images", {"name": "diff-c", "disk_format": "raw", "container_format": "bare",
                                 "visibility": "public"}, save={"img_c": "id"}, note="public by admin"),
        g("POST", "/v2/images", {"name": "diff-m"}, persona="member", save={"img_m": "id"}, note="member, no formats"),
        g("POST", "/v2/images", {"name": "diff-pub", "visibility": "public"}, persona="member",
          note="public by member"),
        g("POST", "/v2/images", {"name": "diff-d", "id": "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"},
          save={"img_d": "id"}, note="with an id"),
        g("POST", "/v2/images", {"name": "diff-d", "id": "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"},
          note="duplicate id"),
        g("POST", "/v2/images", {"name": "x", "id": "not-a-uuid"}, note="bad id"),
        g("POST", "/v2/images", {"name": "x", "disk_format": "floppy"}, note="bad disk_format"),
        g("POST", "/v2/images", {"name": "x", "container_format": "crate"}, note="bad container_format"),
        g("POST", "/v2/images", {"name": "x", "visibility": "everyone"}, note="bad visibility"),
        g("POST", "/v2/images", {"name": "x", "status": "active"}, note="reserved status"),
        g("POST", "/v2/images", {"name": "x", "size": 5}, note="read-only size"),
        g("POST", "/v2/images", {"name": "x", "self": "/v2/images/x"}, note="reserved self"),
        g("POST", "/v2/images", {"name": "x", "min_ram": -1}, note="negative min_ram"),
        g("POST", "/v2/images", {"name": "x", "min_disk": "big"}, note="string min_disk"),
        g("POST", "/v2/images", {"name": "x" * 256}, note="name too long"),
        g("POST", "/v2/images", {"name": "x", "tags": ["a" * 256]}, note="tag too long"),
        g("POST", "/v2/images", {"name": "x", "protected": "yes"}, note="protected not boolean"),
        g("POST", "/v2/images", {"name": "x", "os_hidden": "no"}, note="os_hidden not boolean"),
        g("POST", "/v2/images", {"name": "x", "prop": 5}, note="non-string extra property"),
        g("POST", "/v2/images", {"name": "diff-q", "disk_format": "qcow2", "container_format": "bare",
                                 "owner": "{other_project}", "tags": ["dup", "dup"]},
          save={"img_q": "id"}, note="owned by another project, a repeated tag"),
        g("POST", "/v2/images", {"name": "diff-éè", "locations": []}, note="with locations"),
        g("POST", "/v2/images", b"{not json", note="broken JSON"),
        g("POST", "/v2/images", ["a"], note="a list body"),
        g("POST", "/v2/images", {"name": "x"}, headers={"Content-Type": "text/plain"}, note="text/plain"),
        g("POST", "/v2/images", None, note="no body"),
        g("GET", "/v2/images"),
        g("GET", "/v2/images", persona="member", note="member"),
        g("GET", "/v2/images?name=diff-a"),
        g("GET", "/v2/images?visibility=shared"),
        g("GET", "/v2/images?visibility=public&container_format=bare"),
        g("GET", "/v2/images?visibility=bogus", note="bad visibility filter"),
        g("GET", "/v2/images?status=queued&tag=t1"),
        g("GET", "/v2/images?status=bogus", note="bad status filter"),
        g("GET", "/v2/images?sort_key=name&sort_dir=asc"),
        g("GET", "/v2/images?sort=name:desc,created_at"),
        g("GET", "/v2/images?sort_key=bogus", note="bad sort key"),
        g("GET", "/v2/images?sort_dir=sideways", note="bad sort dir"),
        g("GET", "/v2/images?sort=name:up", note="bad sort syntax"),
        g("GET", "/v2/images?sort=name&sort_key=name", note="sort and sort_key"),
        g("GET", "/v2/images?limit=2&sort_key=name", save={"marker": "images.1.id"}),
        g("GET", "/v2/images?limit=2&sort_key=name&marker={marker}"),
        g("GET", f"/v2/images?marker={MISSING}", note="missing marker"),
        g("GET", "/v2/images?limit=-1", note="negative limit"),
        g("GET", "/v2/images?limit=abc", note="non-integer limit"),
        g("GET", "/v2/images?size_min=abc", note="bad size_min"),
        g("GET", "/v2/images?created_at=gte:2000-01-01T00:00:00Z"),
        g("GET", "/v2/images?created_at=gte:yesterday", note="bad time filter"),
        g("GET", "/v2/images?name=in:diff-a,diff-b"),
        g("GET", "/v2/images?os_hidden=true"),
        g("GET", "/v2/images?member_status=all&visibility=shared"),
        g("GET", "/v2/images?hw_disk_bus=scsi", note="filter on a property"),
        g("GET", "/v2/images?limit=1", note="a next link"),
        g("GET", "/v2/images?visibility=all"),
        g("GET", "/v2/images?protected=maybe", note="bad protected filter"),
        g("GET", "/v2/images?id=in:{img_a},{img_b}"),
        g("GET", "/v2/images?visibility=community"),
        g("GET", "/v2/images?owner={other_project}"),
        g("GET", "/v2/images?limit=0"),
        g("GET", "/v2/images?sort_key=name&sort_key=created_at&sort_dir=asc&sort_dir=desc", note="two sort keys"),
        g("GET", "/v2/images?tag=t1&tag=t2"),
        g("GET", "/v2/images?os_hidden=maybe", note="bad os_hidden filter"),
    ]


def show_and_update() -> list[Step]:
    return [
        g("GET", "/v2/images/{img_a}"),
        g("GET", "/v2/images/{img_m}", persona="member", note="own image"),
        g("GET", "/v2/images/{img_a}", persona="member", note="another's private image"),
        g("GET", f"/v2/images/{MISSING}", note="missing"),
        g("GET", "/v2/images/not-a-uuid", note="bad id"),
        patch("img_a", [{"op": "replace", "path": "/name", "value": "diff-a2"},
                        {"op": "add", "path": "/os_distro", "value": "cirros"},
                        {"op": "remove", "path": "/diff_prop"}]),
        patch("img_a", [{"op": "add", "path": "/tags/-", "value": "t3"}], note="add a tag by patch"),
        patch("img_a", [{"op": "replace", "path": "/tags", "value": ["t1", "t9"]}], note="replace tags"),
        patch("img_a", [{"op": "remove", "path": "/nope"}], note="remove missing property"),
        patch("img_a", [{"op": "replace", "path": "/nope", "value": "v"}], note="replace missing property"),
        patch("img_a", [{"op": "replace", "path": "/id", "value": MISSING}], note="read-only id"),
        patch("img_a", [{"op": "replace", "path": "/status", "value": "active"}], note="read-only status"),
        patch("img_a", [{"op": "replace", "path": "/visibility", "value": "everyone"}], note="bad visibility"),
        patch("img_a", [{"op": "copy", "from": "/name", "path": "/alias"}], note="unsupported op"),
        patch("img_a", [{"op": "replace", "path": "name", "value": "n"}], note="path without slash"),
        patch("img_a", [{"op": "replace", "value": "n"}], note="no path"),
        patch("img_a", {"op": "replace", "path": "/name", "value": "n"}, note="not a list"),
        patch("img_a", [{"op": "add", "path": "/min_ram", "value": "lots"}], note="bad min_ram"),
        patch("img_a", [{"op": "replace", "path": "/locations", "value": []}], note="locations"),
        g("PATCH", "/v2/images/{img_a}", [{"op": "replace", "path": "/name", "value": "n"}],
          note="application/json content type"),
        g("PATCH", "/v2/images/{img_a}", [{"replace": "/name", "value": "n"}],
          headers={"Content-Type": "application/openstack-images-v2.0-json-patch"}, note="v2.0 patch"),
        patch("img_a", [{"op": "replace", "path": "/name", "value": "n"}], persona="member",
          note="member on another's image"),
        g("PATCH", f"/v2/images/{MISSING}", [{"op": "replace", "path": "/name", "value": "n"}],
          headers={"Content-Type": PATCH_TYPE}, note="missing"),
        patch("img_m", [{"op": "replace", "path": "/visibility", "value": "community"}], persona="member",
          note="member makes it community"),
        g("PUT", "/v2/images/{img_a}/tags/t5"),
        g("PUT", "/v2/images/{img_a}/tags/t5", note="again"),
        g("DELETE", "/v2/images/{img_a}/tags/t5"),
        g("DELETE", "/v2/images/{img_a}/tags/t5", note="again"),
        g("PUT", f"/v2/images/{MISSING}/tags/t", note="missing image"),
        g("PUT", "/v2/images/{img_a}/tags/" + "t" * 256, note="tag too long"),
        patch("img_a", [{"op": "add", "path": "/locations/-", "value": {"url": "file:///etc/passwd",
                                                                        "metadata": {}}}], note="add a location"),
        patch("img_a", [{"op": "add", "path": "/os_hidden", "value": True}], note="hide"),
        g("GET", "/v2/images?name=diff-a2", note="hidden from lists"),
        patch("img_a", [{"op": "add", "path": "/os_hidden", "value": False}], note="unhide"),
        g("POST", "/v2/images/{img_a}/actions/bogus", note="unknown action"),
        g("DELETE", "/v2/images/{img_a}/tags/nope", note="tag it does not have"),
        g("PATCH", "/v2/images/{img_a}", [{"add": "/min_ram", "value": 1}],
          headers={"Content-Type": "application/openstack-images-v2.0-json-patch"}, note="v2.0 add of a set field"),
        g("GET", "/v2/images/{img_a}/locations", note="2.17 locations, not a service"),
        g("POST", "/v2/images/{img_b}/locations", {"url": "file:///tmp/x"}, note="2.17 add location"),
        g("GET", "/v2/images/{img_m}/locations", persona="member", note="2.17 locations, owner"),
        g("POST", "/v2/images/{img_b}/locations", {"nourl": 1}, note="2.17 add location without url"),
        g("POST", "/v2/images/{img_a}/locations", {"url": "http://example.com/x"}, note="2.17 add to an active"),
    ]


def data() -> list[Step]:
    return [
        g("GET", "/v2/images/{img_a}/file", note="no data yet"),
        g("PUT", "/v2/images/{img_a}/file", DATA, headers=OCTETS),
        g("GET", "/v2/images/{img_a}", note="active"),
        g("GET", "/v2/images/{img_a}/file"),
        g("GET", "/v2/images/{img_a}/file", headers={"Range": "bytes=0-9"}, note="range"),
        g("GET", "/v2/images/{img_a}/file", headers={"Range": "bytes=99999-"}, note="range past the end"),
        g("PUT", "/v2/images/{img_a}/file", DATA, headers=OCTETS, note="again"),
        g("PUT", "/v2/images/{img_b}/file", DATA, headers={"Content-Type": "application/json"},
          note="wrong content type"),
        g("PUT", f"/v2/images/{MISSING}/file", DATA, headers=OCTETS, note="missing image"),
        g("PUT", "/v2/images/{img_q}/file", DATA, headers=OCTETS, note="not qcow2 data into a qcow2 image"),
        g("GET", "/v2/images/{img_q}", note="after a refused upload"),
        g("PUT", "/v2/images/{img_m}/file", DATA, headers=OCTETS, persona="member", note="member's own"),
        g("PUT", "/v2/images/{img_c}/stage", DATA, headers=OCTETS, note="stage"),
        g("POST", "/v2/images/{img_c}/import", {"method": {"name": "glance-direct"}}),
        g("GET", "/v2/images/{img_c}", persona="admin", wait=("status", "active")),
        g("POST", "/v2/images/{img_c}/import", {"method": {"name": "glance-direct"}}, note="again"),
        g("POST", "/v2/images/{img_b}/import", {"method": {"name": "teleport"}}, note="unknown method"),
        g("POST", "/v2/images/{img_b}/import", {"method": {"name": "web-download"}}, note="no uri"),
        g("GET", "/v2/images/{img_c}/tasks"),
        g("GET", "/v2/images/{img_c}/file"),
        g("GET", "/v2/images/{img_c}/tasks", persona="member", note="member"),
        g("POST", "/v2/images/{img_c}/import", {"method": {"name": "copy-image"}, "stores": ["nowhere"]},
          note="copy to an unknown store"),
        g("DELETE", "/v2/images/{img_c}/stores/file", note="its only store"),
        g("DELETE", "/v2/images/{img_c}/stores/nowhere", note="unknown store"),
        g("POST", "/v2/images/{img_a}/actions/deactivate"),
        g("GET", "/v2/images/{img_a}/file", persona="member", note="deactivated, member"),
        g("POST", "/v2/images/{img_a}/actions/deactivate", note="again"),
        g("POST", "/v2/images/{img_a}/actions/reactivate"),
        g("POST", "/v2/images/{img_a}/actions/reactivate", note="again"),
        g("POST", "/v2/images/{img_b}/actions/deactivate", note="queued image"),
        g("POST", f"/v2/images/{MISSING}/actions/deactivate", note="missing"),
        g("POST", "/v2/images/{img_a}/actions/deactivate", persona="member", note="member"),
    ]


def members() -> list[Step]:
    return [
        g("POST", "/v2/images/{img_b}/members", {"member": "{other_project}"}),
        g("POST", "/v2/images/{img_b}/members", {"member": "{other_project}"}, note="duplicate"),
        g("POST", "/v2/images/{img_b}/members", {"nope": "x"}, note="no member"),
        g("POST", "/v2/images/{img_a}/members", {"member": "{other_project}"}, note="private image"),
        g("GET", "/v2/images/{img_b}/members"),
        g("GET", "/v2/images/{img_b}/members/{other_project}"),
        g("GET", f"/v2/images/{{img_b}}/members/{MISSING}", note="not a member"),
        g("PUT", "/v2/images/{img_b}/members/{other_project}", {"status": "accepted"}, note="owner accepts"),
        g("PUT", "/v2/images/{img_b}/members/{other_project}", {"status": "maybe"}, note="bad status"),
        g("PUT", "/v2/images/{img_b}/members/{other_project}", {"status": "rejected"}, persona="member",
          note="the member rejects"),
        g("GET", "/v2/images?member_status=rejected&visibility=shared", persona="member"),
        g("GET", "/v2/images/{img_b}", persona="member", note="as a rejected member"),
        g("GET", "/v2/images/{img_b}/members", persona="member"),
        g("GET", "/v2/images/{img_b}/members/{other_project}", persona="member", note="own membership"),
        g("POST", "/v2/images/{img_b}/members", {"member": "someone"}, persona="member", note="member adds"),
        g("POST", "/v2/images/{img_m}/members", {"member": "x"}, persona="member", note="community image"),
        g("DELETE", "/v2/images/{img_b}/members/{other_project}"),
        g("DELETE", "/v2/images/{img_b}/members/{other_project}", note="again"),
        g("GET", "/v2/images/{img_c}/members", note="public image"),
    ]


def tasks_and_metadefs() -> list[Step]:
    return [
        g("GET", "/v2/tasks"),
        g("GET", "/v2/tasks?status=bogus", note="bad status"),
        g("GET", f"/v2/tasks/{MISSING}", note="missing"),
        g("GET", "/v2/tasks?limit=1&sort_dir=asc"),
        g("GET", "/v2/tasks?sort_dir=sideways", note="bad sort dir"),
        g("GET", "/v2/tasks?marker=not-a-uuid", note="bad marker"),
        g("POST", "/v2/tasks", {"type": "import", "input": {}}, note="task API create"),
        g("POST", "/v2/tasks", {"type": "import"}, note="no input"),
        g("GET", "/v2/metadefs/resource_types"),
        g("GET", "/v2/metadefs/namespaces?limit=2"),
        g("GET", "/v2/metadefs/namespaces/OS::Compute::Hypervisor"),
        g("POST", "/v2/metadefs/namespaces", {"namespace": "Diff::NS", "display_name": "diff",
                                               "visibility": "public", "protected": False}),
        g("POST", "/v2/metadefs/namespaces", {"namespace": "Diff::NS"}, note="duplicate"),
        g("POST", "/v2/metadefs/namespaces", {"display_name": "no name"}, note="no namespace"),
        g("POST", "/v2/metadefs/namespaces/Diff::NS/properties",
          {"name": "diff_p", "title": "P", "type": "string"}),
        g("POST", "/v2/metadefs/namespaces/Diff::NS/properties", {"name": "diff_q", "type": "weird"},
          note="bad type"),
        g("POST", "/v2/metadefs/namespaces/Diff::NS/objects", {"name": "diff_o", "properties": {}}),
        g("POST", "/v2/metadefs/namespaces/Diff::NS/tags/diff-tag"),
        g("GET", "/v2/metadefs/namespaces/Diff::NS"),
        g("GET", "/v2/metadefs/namespaces/Diff::NS/properties"),
        g("GET", "/v2/metadefs/namespaces/Diff::NS/objects"),
        g("GET", "/v2/metadefs/namespaces/Diff::NS/tags"),
        g("PUT", "/v2/metadefs/namespaces/Diff::NS", {"namespace": "Diff::NS", "description": "d"}),
        g("GET", "/v2/metadefs/namespaces/Nope::NS", note="missing"),
        g("DELETE", "/v2/metadefs/namespaces/Diff::NS"),
        g("DELETE", "/v2/metadefs/namespaces/Diff::NS", note="again"),
    ]


def delete() -> list[Step]:
    return [
        patch("img_d", [{"op": "replace", "path": "/protected", "value": True}]),
        g("DELETE", "/v2/images/{img_d}", note="protected"),
        patch("img_d", [{"op": "replace", "path": "/protected", "value": False}]),
        g("DELETE", "/v2/images/{img_d}"),
        g("DELETE", "/v2/images/{img_d}", note="again"),
        g("GET", "/v2/images/{img_d}", note="deleted"),
        g("DELETE", "/v2/images/{img_a}", persona="member", note="member on another's image"),
        g("DELETE", "/v2/images/not-a-uuid", note="bad id"),
        g("DELETE", "/v2/images/{img_a}"),
        g("DELETE", "/v2/images/{img_b}"),
        g("DELETE", "/v2/images/{img_c}"),
        g("DELETE", "/v2/images/{img_m}", persona="member"),
        g("DELETE", "/v2/images/{img_q}"),
    ]


def image() -> list[Step]:
    return discovery() + create_and_list() + show_and_update() + data() + members() + tasks_and_metadefs() + delete()
