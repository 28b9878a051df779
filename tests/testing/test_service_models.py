"""A model's Swift containers and objects, Designate zones and recordsets and Barbican secrets: a cloud starts
with them (seen through openstacksdk), a reset brings back what a test changed, and ``twinstack model export``
of that cloud starts a twin that lists the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from twinstack.model.loader import ModelError, validate
from twinstack.testing import Cloud

MODEL = "models/storage_dns_secrets.yaml"


def _secret_id(secret: Any) -> str:
    return str(secret.id).rsplit("/", 1)[-1]  # the SDK's id is the secret_ref


def _listings(cloud: Cloud) -> dict[str, Any]:
    demo, admin = cloud.connect("twinstack"), cloud.connect("twinstack-admin")
    out: dict[str, Any] = {}
    for who, conn in (("demo", demo), ("admin", admin)):
        out[f"{who}.containers"] = {
            c.name: sorted((o.name, o.content_length, conn.object_store.download_object(o.name, c.name))
                           for o in conn.object_store.objects(c.name))
            for c in conn.object_store.containers()}
        out[f"{who}.zones"] = {z.name: (z.type, z.masters, sorted((r.name, r.type, tuple(r.records))
                                                                  for r in conn.dns.recordsets(z) if r.type != "SOA"))
                               for z in conn.dns.zones()}
        out[f"{who}.secrets"] = sorted((s.name, s.secret_type, conn.key_manager.get_secret(_secret_id(s)).payload)
                                       for s in conn.key_manager.secrets())
    return out


@pytest.mark.twinstack_model(MODEL)
def test_model_declares_containers_zones_and_secrets(cloud: Cloud) -> None:
    conn = cloud.connect("twinstack")
    head = conn.object_store.get_container_metadata("artifacts")
    assert head.read_ACL == ".r:*,.rlistings" and head.metadata == {"color": "blue"}
    assert conn.object_store.download_object("hello.txt", "artifacts") == b"hello world\n"
    assert conn.object_store.get_object_metadata("hello.txt", "artifacts").metadata == {"owner": "ci"}
    assert len(conn.object_store.download_object("blob.bin", "artifacts")) == 3000
    zone = conn.dns.find_zone("corp.example.")
    assert zone.status == "ACTIVE" and zone.email == "ops@corp.example"
    assert {(r.name, r.type): r.records for r in conn.dns.recordsets(zone)
            if r.type in ("A", "MX")} == {("www.corp.example.", "A"): ["192.0.2.10"],
                                          ("corp.example.", "MX"): ["10 mail.corp.example."]}
    (secret,) = conn.key_manager.secrets()
    fetched = conn.key_manager.get_secret(_secret_id(secret))
    assert (fetched.name, fetched.secret_type, fetched.payload) == ("db-password", "passphrase", "s3cret")
    assert conn.key_manager.get(f"/secrets/{_secret_id(secret)}/metadata").json() == {"metadata": {"env": "ci"}}
    admin = cloud.connect("twinstack-admin")
    assert [s.name for s in admin.key_manager.secrets()] == ["binary-key"]
    # a test's changes to model objects go with the reset, and the model's bytes come back
    conn.object_store.upload_object("artifacts", "hello.txt", data=b"changed")
    conn.object_store.delete_object("blob.bin", container="artifacts")
    conn.dns.delete_zone(zone)
    cloud.reset()
    assert conn.object_store.download_object("hello.txt", "artifacts") == b"hello world\n"
    assert len(conn.object_store.download_object("blob.bin", "artifacts")) == 3000
    assert conn.dns.find_zone("corp.example.") is not None


@pytest.mark.twinstack_model(MODEL)
def test_export_then_up_gives_the_same_containers_zones_and_secrets(cloud: Cloud, tmp_path: Path) -> None:
    before = _listings(cloud)
    assert before["demo.containers"]["artifacts"] and before["admin.secrets"]
    assert before["demo.zones"]["mirror.example."][:2] == ("SECONDARY", ["192.0.2.53", "192.0.2.54:5353"])
    exported = tmp_path / "export.yaml"
    result = subprocess.run([sys.executable, "-m", "twinstack", "model", "export", "--url", str(cloud.url),
                             "-o", str(exported)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    with Cloud(model=str(exported)) as twin:
        assert _listings(twin) == before


def test_model_errors_name_their_place() -> None:
    with pytest.raises(ModelError) as info:
        validate({"object_storage": {"containers": [{"name": "a/b"}]},
                  "key_manager": {"secrets": [{"payload": "x"}]},
                  "dns": {"zones": [{"name": "x.example.", "email": "nobody"}]}})
    text = str(info.value)
    assert "object_storage.containers[0].name" in text and "key_manager.secrets[0]" in text
    assert "dns.zones[0].email" in text
