"""Glance's metadata definitions catalog (metadefs): namespaces, objects, properties, tags, resource
type associations and their schemas, as tempest drives them."""

from __future__ import annotations

from typing import Any

from tests.image.conftest import Glance, message


def test_namespace_lifecycle(admin_glance: Glance, demo_glance: Glance) -> None:
    types = admin_glance.get("/metadefs/resource_types").json()["resource_types"]
    assert "OS::Glance::Image" in [t["name"] for t in types]
    body = {"namespace": "Tempest::NS", "display_name": "T", "description": "d", "visibility": "public",
            "protected": True, "resource_type_associations": [{"name": "OS::Glance::Image", "prefix": "hw_"}]}
    response = admin_glance.post("/metadefs/namespaces", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["self"] == "/v2/metadefs/namespaces/Tempest::NS"
    assert admin_glance.post("/metadefs/namespaces", json=body).status_code == 409
    assert demo_glance.post("/metadefs/namespaces", json={"namespace": "mine"}).status_code == 403
    names = [n["namespace"] for n in demo_glance.get("/metadefs/namespaces").json()["namespaces"]]
    assert "Tempest::NS" in names
    shown = admin_glance.get("/metadefs/namespaces/Tempest::NS").json()
    assert shown["resource_type_associations"][0]["prefix"] == "hw_" and shown["protected"] is True
    response = admin_glance.delete("/metadefs/namespaces/Tempest::NS")
    assert response.status_code == 403 and "protected" in message(response)
    update = {"namespace": "Tempest::NS", "visibility": "private", "protected": False, "description": "x"}
    response = admin_glance.put("/metadefs/namespaces/Tempest::NS", json=update)
    assert response.status_code == 200 and response.json()["visibility"] == "private"
    assert demo_glance.get("/metadefs/namespaces/Tempest::NS").status_code == 404  # private now
    assert admin_glance.delete("/metadefs/namespaces/Tempest::NS").status_code == 204
    assert admin_glance.get("/metadefs/namespaces/Tempest::NS").status_code == 404


def test_objects_properties_tags_and_associations(admin_glance: Glance) -> None:
    assert (
        admin_glance.post("/metadefs/namespaces", json={"namespace": "ns1", "visibility": "public"}).status_code == 201
    )
    base = "/metadefs/namespaces/ns1"
    assert admin_glance.post(f"{base}/objects", json={"name": "obj"}).status_code == 201
    response = admin_glance.put(f"{base}/objects/obj", json={"name": "obj2"})
    assert response.status_code == 200 and response.json()["name"] == "obj2"
    assert [o["name"] for o in admin_glance.get(f"{base}/objects").json()["objects"]] == ["obj2"]
    assert admin_glance.get(f"{base}/objects/obj2").json()["name"] == "obj2"
    assert admin_glance.delete(f"{base}/objects/obj2").status_code == 204
    assert admin_glance.get(f"{base}/objects").json()["objects"] == []
    prop = {"name": "hypervisor_type", "title": "HT", "type": "string", "enum": ["kvm", "qemu"]}
    response = admin_glance.post(f"{base}/properties", json=prop)
    assert response.status_code == 201 and response.json()["title"] == "HT"
    assert admin_glance.get(f"{base}/properties/hypervisor_type").json()["name"] == "hypervisor_type"
    response = admin_glance.put(f"{base}/properties/hypervisor_type", json={**prop, "title": "New"})
    assert response.json()["title"] == "New"
    assert admin_glance.post(f"{base}/properties", json={"name": "bad"}).status_code == 400
    assert admin_glance.delete(f"{base}/properties/hypervisor_type").status_code == 204
    assert admin_glance.get(f"{base}/properties").json()["properties"] == {}
    tags = [{"name": "t1"}, {"name": "t2"}, {"name": "t3"}]
    assert admin_glance.post(f"{base}/tags", json={"tags": tags}).status_code == 201
    assert len(admin_glance.get(f"{base}/tags").json()["tags"]) == 3
    # X-Openstack-Append (Glance's header) adds to the tags; without it the list is replaced
    assert (
        admin_glance.post(
            f"{base}/tags", json={"tags": [{"name": "t9"}]}, headers={"X-Openstack-Append": "True"}
        ).status_code
        == 201
    )
    assert len(admin_glance.get(f"{base}/tags").json()["tags"]) == 4
    assert admin_glance.post(f"{base}/tags", json={"tags": tags}).status_code == 201
    assert len(admin_glance.get(f"{base}/tags").json()["tags"]) == 3
    assert admin_glance.post(f"{base}/tags/t4").status_code == 201
    assert admin_glance.put(f"{base}/tags/t4", json={"name": "t5"}).json()["name"] == "t5"
    assert admin_glance.delete(f"{base}/tags/t5").status_code == 204
    assert admin_glance.delete(f"{base}/tags").status_code == 204
    assert admin_glance.get(f"{base}/tags").json()["tags"] == []
    response = admin_glance.post(f"{base}/resource_types", json={"name": "OS::Nova::Flavor"})
    assert response.status_code == 201 and response.json()["name"] == "OS::Nova::Flavor"
    listed = admin_glance.get(f"{base}/resource_types").json()["resource_type_associations"]
    assert [a["name"] for a in listed] == ["OS::Nova::Flavor"]
    assert admin_glance.delete(f"{base}/resource_types/OS::Nova::Flavor").status_code == 204
    assert admin_glance.get(f"{base}/resource_types").json()["resource_type_associations"] == []
    assert admin_glance.delete(base).status_code == 204


def test_metadef_schemas(demo_glance: Glance) -> None:
    expected = {
        "namespace": "namespace",
        "namespaces": "namespaces",
        "resource_type": "resource_type_association",
        "resource_types": "resource_type_associations",
        "object": "object",
        "objects": "objects",
        "property": "property",
        "properties": "properties",
        "tag": "tag",
        "tags": "tags",
    }
    for path, name in expected.items():
        assert demo_glance.get(f"/schemas/metadefs/{path}").json()["name"] == name
    assert demo_glance.get("/schemas/metadefs/nope").status_code == 404


def test_a_new_cloud_has_the_catalog_db_load_metadefs_leaves(demo_connection: Any, demo_glance: Glance) -> None:
    """Every resource type Horizon's metadata editors ask about has a namespace (Horizon 27 fails on none),
    and the seeded ones are public and protected, owned by ``admin`` as glance-manage leaves them."""
    for rtype in ("OS::Glance::Image", "OS::Cinder::Volume", "OS::Nova::Flavor", "OS::Nova::Aggregate",
                  "OS::Nova::Server"):
        found = list(demo_connection.image.metadef_namespaces(resource_types=rtype))
        assert found, rtype
    watchdog = demo_connection.image.get_metadef_namespace("OS::Compute::Watchdog")
    assert (watchdog.visibility, watchdog.is_protected, watchdog.owner) == ("public", True, "admin")
    props = demo_glance.get("/metadefs/namespaces/OS::Compute::Watchdog/properties").json()["properties"]
    assert props["watchdog_action"]["enum"] == ["disabled", "reset", "poweroff", "pause", "none"]
    flavor = [a for a in watchdog.resource_type_associations if a["name"] == "OS::Nova::Flavor"]
    assert flavor[0]["prefix"] == "hw:"
    server = demo_glance.get("/metadefs/namespaces/OS::Software::WebServers").json()
    assert {"name": "OS::Nova::Server", "properties_target": "metadata"}.items() <= \
        [a for a in server["resource_type_associations"] if a["name"] == "OS::Nova::Server"][0].items()
    assert [o["name"] for o in server["objects"]] == ["Apache HTTP Server", "Nginx"]
    # protected: not even admin deletes it before unprotecting
    assert demo_glance.delete("/metadefs/namespaces/OS::Compute::Watchdog").status_code == 403
