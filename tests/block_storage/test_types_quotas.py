"""Volume types, quotas and limits (enforced), availability zones, services, pools and capacity."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.block_storage.conftest import Cinder
from twinstack.testing import Cloud


def test_types_crud_extra_specs_and_default(admin: Cinder, demo: Cinder, admin_connection_sdk: Any) -> None:
    conn = admin_connection_sdk
    vtype = conn.block_storage.create_type(name="gold", description="fast", extra_specs={"speed": "high"})
    assert vtype.extra_specs == {"speed": "high"}
    assert {t.name for t in conn.block_storage.types()} >= {"__DEFAULT__", "lvmdriver-1", "gold"}
    conn.block_storage.update_type_extra_specs(vtype, tier="1")
    assert conn.block_storage.get_type(vtype.id).extra_specs == {"speed": "high", "tier": "1"}
    conn.block_storage.delete_type_extra_specs(vtype, ["tier"])
    assert demo.get("/types/default").json()["volume_type"]["name"] == "lvmdriver-1"  # DevStack's default
    assert "extra_specs" in demo.get(f"/types/{vtype.id}").json()["volume_type"]
    assert demo.get(f"/types/{vtype.id}").json()["volume_type"]["extra_specs"] == {}  # not user visible
    assert demo.post("/types", {"volume_type": {"name": "x"}}).status_code == 403
    assert admin.post("/types", {"volume_type": {"name": "gold"}}).status_code == 409
    assert admin.post("/types", {"volume_type": {"name": ""}}).status_code == 400
    volume = demo.create_volume(1, volume_type="gold")
    assert volume["volume_type"] == "gold"
    response = admin.delete(f"/types/{vtype.id}")
    assert response.status_code == 400 and "still in use" in response.text
    demo.delete(f"/volumes/{volume['id']}")
    assert admin.delete(f"/types/{vtype.id}").status_code == 202
    assert admin.get(f"/types/{vtype.id}").status_code == 404


def test_private_type_access(admin: Cinder, demo: Cinder, alt: Cinder) -> None:
    vtype = admin.post("/types", {"volume_type": {"name": "secret", "os-volume-type-access:is_public": False}}
                       ).json()["volume_type"]
    assert "secret" not in [t["name"] for t in demo.get("/types").json()["volume_types"]]
    assert demo.get(f"/types/{vtype['id']}").status_code == 404
    assert demo.post("/volumes", {"volume": {"size": 1, "volume_type": "secret"}}).status_code == 404
    assert (
        admin.post(f"/types/{vtype['id']}/action", {"addProjectAccess": {"project": demo.project_id}}).status_code
        == 202
    )
    assert admin.get(f"/types/{vtype['id']}/os-volume-type-access").json()["volume_type_access"] == [
        {"volume_type_id": vtype["id"], "project_id": demo.project_id}
    ]
    assert "secret" in [t["name"] for t in demo.get("/types").json()["volume_types"]]
    assert demo.create_volume(1, volume_type="secret")["volume_type"] == "secret"
    assert alt.get(f"/types/{vtype['id']}").status_code == 404


def test_project_default_type_362(admin: Cinder, demo: Cinder) -> None:
    response = admin.put(
        f"/default-types/{demo.project_id}", {"default_type": {"volume_type": "__DEFAULT__"}}, version="3.62"
    )
    assert response.status_code == 200, response.text
    assert demo.create_volume(1)["volume_type"] == "__DEFAULT__"
    assert admin.delete(f"/default-types/{demo.project_id}", version="3.62").status_code == 204
    assert demo.create_volume(1)["volume_type"] == "lvmdriver-1"
    assert admin.get("/default-types", version="3.61").status_code == 404


def test_quotas_show_update_usage_and_enforced(admin: Cinder, demo: Cinder, admin_connection_sdk: Any) -> None:
    quota = demo.get(f"/os-quota-sets/{demo.project_id}").json()["quota_set"]
    assert quota["volumes"] == 10 and quota["gigabytes"] == 1000 and quota["volumes___DEFAULT__"] == -1
    response = admin.put(f"/os-quota-sets/{demo.project_id}", {"quota_set": {"volumes": 2, "gigabytes": 5}})
    assert response.status_code == 200 and response.json()["quota_set"]["volumes"] == 2
    assert demo.put(f"/os-quota-sets/{demo.project_id}", {"quota_set": {"volumes": 50}}).status_code == 403
    assert admin.put(f"/os-quota-sets/{demo.project_id}", {"quota_set": {"bogus": 1}}).status_code == 400
    assert admin.put(f"/os-quota-sets/{demo.project_id}", {"quota_set": {"volumes": -5}}).status_code == 400
    demo.create_volume(2)
    over = demo.post("/volumes", {"volume": {"size": 4}})
    assert over.status_code == 413
    assert over.json()["overLimit"]["message"] == (
        "Requested volume or snapshot exceeds allowed gigabytes quota. "
        "Requested 4G, quota is 5G and 2G has been consumed."
    )
    demo.create_volume(1)
    over = demo.post("/volumes", {"volume": {"size": 1}})
    assert over.status_code == 413
    assert over.json()["overLimit"]["message"] == "Maximum number of volumes allowed (2) exceeded for quota 'volumes'."
    usage = demo.get(f"/os-quota-sets/{demo.project_id}?usage=True").json()["quota_set"]
    assert usage["volumes"] == {"limit": 2, "in_use": 2, "reserved": 0, "allocated": 0}
    assert usage["gigabytes"]["in_use"] == 3
    absolute = demo.get("/limits").json()["limits"]["absolute"]
    assert (absolute["maxTotalVolumes"], absolute["totalVolumesUsed"], absolute["totalGigabytesUsed"]) == (2, 2, 3)
    assert admin.put(f"/os-quota-sets/{demo.project_id}", {"quota_set": {"volumes": 1}}).status_code == 400
    sdk = admin_connection_sdk.block_storage.get_quota_set(demo.project_id, usage=True)
    assert sdk.volumes == 2 and sdk.usage["volumes"] == 2
    assert admin.delete(f"/os-quota-sets/{demo.project_id}").status_code == 200
    assert demo.get(f"/os-quota-sets/{demo.project_id}").json()["quota_set"]["volumes"] == 10
    assert demo.get(f"/os-quota-sets/{demo.project_id}/defaults").json()["quota_set"]["volumes"] == 10


def test_availability_zones_services_and_pools(admin: Cinder, demo: Cinder, admin_connection_sdk: Any) -> None:
    assert demo.get("/os-availability-zone").json() == {
        "availabilityZoneInfo": [{"zoneName": "nova", "zoneState": {"available": True}}]
    }
    services = admin.get("/os-services").json()["services"]
    assert {(s["binary"], s["host"]) for s in services} >= {
        ("cinder-scheduler", "twinstack"),
        ("cinder-volume", "twinstack@lvmdriver-1"),
    }
    assert demo.get("/os-services").status_code == 403
    sdk_services = list(admin_connection_sdk.block_storage.services())
    assert any(s.binary == "cinder-volume" and s.status == "enabled" for s in sdk_services)
    demo.create_volume(10)
    demo.create_volume(5)
    pools = admin.get("/scheduler-stats/get_pools?detail=True").json()["pools"]
    assert pools[0]["name"] == "twinstack@lvmdriver-1#lvmdriver-1"
    caps = pools[0]["capabilities"]
    assert (caps["total_capacity_gb"], caps["allocated_capacity_gb"], caps["free_capacity_gb"]) == (1000, 15, 985)
    sdk_pools = list(admin_connection_sdk.block_storage.backend_pools())
    assert sdk_pools[0].capabilities["free_capacity_gb"] == 985
    # a disabled backend takes no new volumes: the volume is created in error (NoValidBackend)
    response = admin.put("/os-services/disable", {"host": "twinstack@lvmdriver-1", "binary": "cinder-volume"})
    assert response.json()["status"] == "disabled"
    failed = demo.create_volume(1)
    assert failed["status"] == "error"
    assert demo.get("/os-availability-zone").json()["availabilityZoneInfo"][0]["zoneState"]["available"] is False
    admin.put("/os-services/enable", {"host": "twinstack@lvmdriver-1", "binary": "cinder-volume"})
    assert demo.volume(demo.create_volume(1)["id"])["status"] == "available"
    assert admin.get("/capabilities/twinstack@lvmdriver-1").json()["volume_backend_name"] == "lvmdriver-1"
    messages = demo.get("/messages", version="3.3").json()["messages"]
    assert [(m["resource_uuid"], m["event_id"]) for m in messages] == [(failed["id"], "VOLUME_VOLUME_001_002")]
    assert demo.delete(f"/messages/{messages[0]['id']}", version="3.3").status_code == 204
    assert demo.get("/messages", version="3.2").status_code == 404


def test_capacity_is_consumed_and_freed(admin: Cinder, demo: Cinder) -> None:
    def free() -> int:
        return int(
            admin.get("/scheduler-stats/get_pools?detail=True").json()["pools"][0]["capabilities"]["free_capacity_gb"]
        )

    vid = demo.create_volume(100)["id"]
    assert free() == 900
    demo.action(vid, {"os-extend": {"new_size": 150}})
    assert free() == 850
    demo.delete(f"/volumes/{vid}")
    assert free() == 1000


@pytest.fixture
def small_cloud(tmp_path: Path) -> Any:
    model = tmp_path / "small.yaml"
    model.write_text(
        "block_storage:\n  backends:\n    - {name: lvmdriver-1, capacity_gb: 5}\n"
        "  quotas: {volumes: 100, gigabytes: 10000}\n"
    )
    with Cloud(model=str(model)) as cloud:
        yield cloud


def test_concurrent_creates_for_the_last_gb_never_double_allocate(small_cloud: Cloud) -> None:
    from tests.block_storage.conftest import _login

    with httpx.Client(base_url=small_cloud.url, timeout=30) as client:
        demo = Cinder(client, *_login(client, "demo", "demo", "demo"))
        admin = Cinder(client, *_login(client, "admin", "admin", "admin"))
        demo.create_volume(4)

        def one(_: int) -> str:
            with httpx.Client(base_url=small_cloud.url, timeout=30) as own:
                response = own.post(
                    f"{demo.base}/volumes", json={"volume": {"size": 1}}, headers={"X-Auth-Token": demo.token}
                )
                assert response.status_code == 202, response.text
                return str(response.json()["volume"]["id"])

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            ids = list(pool.map(one, range(8)))
        statuses = [demo.volume(i)["status"] for i in ids]
        assert statuses.count("available") == 1 and statuses.count("error") == 7
        caps = admin.get("/scheduler-stats/get_pools?detail=True").json()["pools"][0]["capabilities"]
        assert caps["allocated_capacity_gb"] == 5 and caps["free_capacity_gb"] == 0


def test_qos_specs_and_type_association(admin: Cinder, demo: Cinder) -> None:
    response = admin.post("/qos-specs", {"qos_specs": {"name": "fast", "consumer": "back-end", "read_iops_sec": "100"}})
    assert response.status_code == 200, response.text
    qos = response.json()["qos_specs"]
    assert qos["specs"] == {"read_iops_sec": "100"}
    assert admin.post("/qos-specs", {"qos_specs": {"name": "fast"}}).status_code == 409
    assert admin.post("/qos-specs", {"qos_specs": {"name": "x", "consumer": "nowhere"}}).status_code == 400
    assert demo.get("/qos-specs").status_code == 403
    assert admin.put(f"/qos-specs/{qos['id']}", {"qos_specs": {"write_iops_sec": "50"}}).json() == {
        "qos_specs": {"write_iops_sec": "50"}
    }
    vtype = admin.post("/types", {"volume_type": {"name": "limited"}}).json()["volume_type"]
    assert admin.get(f"/qos-specs/{qos['id']}/associate?vol_type_id={vtype['id']}").status_code == 202
    assert admin.get(f"/types/{vtype['id']}").json()["volume_type"]["qos_specs_id"] == qos["id"]
    assert admin.get(f"/qos-specs/{qos['id']}/associations").json()["qos_associations"] == [
        {"association_type": "volume_type", "id": vtype["id"], "name": "limited"}
    ]
    assert admin.delete(f"/qos-specs/{qos['id']}").status_code == 400
    assert admin.put(f"/qos-specs/{qos['id']}/delete_keys", {"keys": ["read_iops_sec"]}).status_code == 202
    assert admin.get(f"/qos-specs/{qos['id']}").json()["qos_specs"]["specs"] == {"write_iops_sec": "50"}
    assert admin.get(f"/qos-specs/{qos['id']}/disassociate_all").status_code == 202
    assert admin.delete(f"/qos-specs/{qos['id']}").status_code == 202
    assert admin.get(f"/qos-specs/{qos['id']}").status_code == 404


def test_os_hosts_show_usage(admin: Cinder, demo: Cinder) -> None:
    demo.create_volume(3)
    hosts = admin.get("/os-hosts").json()["hosts"]
    assert {"twinstack@lvmdriver-1", "twinstack"} <= {h["host_name"] for h in hosts}
    lines = admin.get("/os-hosts/twinstack@lvmdriver-1").json()["host"]
    assert lines[0]["resource"]["project"] == "(total)" and lines[0]["resource"]["total_volume_gb"] == "3"
    assert admin.get("/os-hosts/nowhere").status_code == 404


def test_encryption_type_makes_encrypted_volumes(admin: Cinder, demo: Cinder) -> None:
    vtype = admin.post("/types", {"volume_type": {"name": "luks"}}).json()["volume_type"]
    assert admin.get(f"/types/{vtype['id']}/encryption").json() == {}
    body = {
        "encryption": {
            "provider": "luks",
            "cipher": "aes-xts-plain64",
            "key_size": 256,
            "control_location": "front-end",
        }
    }
    created = admin.post(f"/types/{vtype['id']}/encryption", body)
    assert created.status_code == 200, created.text
    enc = created.json()["encryption"]
    assert admin.post(f"/types/{vtype['id']}/encryption", body).status_code == 400
    assert admin.get(f"/types/{vtype['id']}/encryption/cipher").json() == {"cipher": "aes-xts-plain64"}
    assert admin.put(
        f"/types/{vtype['id']}/encryption/{enc['encryption_id']}", {"encryption": {"key_size": 512}}
    ).json() == {"encryption": {"key_size": 512}}
    volume = demo.create_volume(1, volume_type="luks")
    shown = demo.get(f"/volumes/{volume['id']}", version="3.64").json()["volume"]
    assert shown["encrypted"] is True and shown["encryption_key_id"]
    assert admin.delete(f"/types/{vtype['id']}/encryption/{enc['encryption_id']}").status_code == 400  # in use
    assert demo.create_volume(1)["encrypted"] is False


def test_type_list_filtered_by_extra_specs_352(admin: Cinder) -> None:
    admin.post("/types", {"volume_type": {"name": "ssd", "extra_specs": {"disk": "ssd"}}})
    admin.post("/types", {"volume_type": {"name": "hdd", "extra_specs": {"disk": "hdd"}}})
    names = [t["name"] for t in admin.get('/types?extra_specs={"disk":"ssd"}', version="3.52").json()["volume_types"]]
    assert names == ["ssd"]
    assert len(admin.get("/types?sort=name:desc", version="3.52").json()["volume_types"]) >= 4
