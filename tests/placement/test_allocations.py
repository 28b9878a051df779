"""Allocations and usages: both body formats, consumer generations, capacity, many consumers at once."""

from __future__ import annotations

import uuid

from tests.placement.conftest import Api, error


def _alloc(rp: str, gen=None, ctype: str | None = "INSTANCE", project: str = "proj", user: str = "user", **res):
    body = {"allocations": {rp: {"resources": res}}, "project_id": project, "user_id": user,
            "consumer_generation": gen}
    if ctype:
        body["consumer_type"] = ctype
    return body


def test_put_get_delete_latest(api: Api) -> None:
    rp = api.provider(VCPU=4, MEMORY_MB=2048)
    consumer = str(uuid.uuid4())
    assert api("PUT", f"/allocations/{consumer}", json=_alloc(rp, VCPU=2, MEMORY_MB=512)).status_code == 204
    body = api("GET", f"/allocations/{consumer}").json()
    assert body == {"allocations": {rp: {"generation": 2, "resources": {"VCPU": 2, "MEMORY_MB": 512}}},
                    "project_id": "proj", "user_id": "user", "consumer_generation": 1, "consumer_type": "INSTANCE"}
    usages = api("GET", f"/resource_providers/{rp}/usages").json()
    assert usages == {"resource_provider_generation": 2, "usages": {"VCPU": 2, "MEMORY_MB": 512}}
    by_rp = api("GET", f"/resource_providers/{rp}/allocations").json()
    assert by_rp["allocations"] == {consumer: {"resources": {"VCPU": 2, "MEMORY_MB": 512}}}
    assert api("DELETE", f"/allocations/{consumer}").status_code == 204
    assert api("GET", f"/allocations/{consumer}").json() == {"allocations": {}}
    assert api("GET", f"/resource_providers/{rp}/usages").json()["usages"] == {"VCPU": 0, "MEMORY_MB": 0}
    assert error(api("DELETE", f"/allocations/{consumer}"))["status"] == 404


def test_list_format_before_1_12(api: Api) -> None:
    rp = api.provider(VCPU=4)
    consumer = str(uuid.uuid4())
    body = {"allocations": [{"resource_provider": {"uuid": rp}, "resources": {"VCPU": 1}}]}
    assert api("PUT", f"/allocations/{consumer}", version="1.7", json=body).status_code == 204
    # 1.8 requires project and user
    assert error(api("PUT", f"/allocations/{consumer}", version="1.8", json=body))["status"] == 400
    body.update(project_id="p", user_id="u")
    assert api("PUT", f"/allocations/{consumer}", version="1.8", json=body).status_code == 204
    shown = api("GET", f"/allocations/{consumer}", version="1.11").json()
    assert set(shown) == {"allocations"}
    shown = api("GET", f"/allocations/{consumer}", version="1.12").json()
    assert shown["project_id"] == "p" and "consumer_generation" not in shown
    # dict format is refused before 1.12, list format after
    dict_body = _alloc(rp, VCPU=1)
    del dict_body["consumer_generation"], dict_body["consumer_type"]
    assert api("PUT", f"/allocations/{consumer}", version="1.11", json=dict_body).status_code == 400
    assert api("PUT", f"/allocations/{consumer}", version="1.12", json=body).status_code == 400
    assert api("PUT", f"/allocations/{consumer}", version="1.12", json=dict_body).status_code == 204


def test_consumer_generation_from_1_28(api: Api) -> None:
    rp = api.provider(VCPU=8)
    consumer = str(uuid.uuid4())
    body = _alloc(rp, gen=None, ctype=None, VCPU=1)
    assert error(api("PUT", f"/allocations/{consumer}", version="1.28", json={**body, "consumer_generation": 0}))[
        "code"] == "placement.concurrent_update"
    assert api("PUT", f"/allocations/{consumer}", version="1.28", json=body).status_code == 204
    err = error(api("PUT", f"/allocations/{consumer}", version="1.28", json=body))
    assert err["status"] == 409 and err["code"] == "placement.concurrent_update"
    assert "consumer generation conflict" in err["detail"]
    body["consumer_generation"] = 1
    body["allocations"][rp]["resources"]["VCPU"] = 3
    assert api("PUT", f"/allocations/{consumer}", version="1.28", json=body).status_code == 204
    assert api("GET", f"/allocations/{consumer}", version="1.28").json()["consumer_generation"] == 2
    # an empty allocation removes the consumer's allocations from 1.28
    empty = {"allocations": {}, "project_id": "proj", "user_id": "user", "consumer_generation": 2}
    assert api("PUT", f"/allocations/{consumer}", version="1.28", json=empty).status_code == 204
    assert api("GET", f"/resource_providers/{rp}/usages").json()["usages"]["VCPU"] == 0
    # 1.28 requires consumer_generation, 1.38 consumer_type
    del body["consumer_generation"]
    assert api("PUT", f"/allocations/{consumer}", version="1.28", json=body).status_code == 400
    assert (
        api("PUT", f"/allocations/{consumer}", version="1.38", json=_alloc(rp, ctype=None, VCPU=1)).status_code == 400
    )


def test_over_capacity_is_409_and_writes_nothing(api: Api) -> None:
    rp = api.provider(VCPU={"total": 4, "allocation_ratio": 2.0}, MEMORY_MB={"total": 1024, "reserved": 512})
    first = str(uuid.uuid4())
    assert api("PUT", f"/allocations/{first}", json=_alloc(rp, VCPU=8)).status_code == 204
    second = str(uuid.uuid4())
    err = error(api("PUT", f"/allocations/{second}", json=_alloc(rp, VCPU=1)))
    assert err["status"] == 409 and "exceed the capacity" in err["detail"]
    err = error(api("PUT", f"/allocations/{second}", json=_alloc(rp, MEMORY_MB=513)))
    assert err["status"] == 409
    assert api("GET", f"/allocations/{second}").json() == {"allocations": {}}
    assert api("GET", f"/resource_providers/{rp}/usages").json()["usages"] == {"VCPU": 8, "MEMORY_MB": 0}
    # replacing one's own allocation counts what it frees
    assert api("PUT", f"/allocations/{first}", json=_alloc(rp, gen=1, VCPU=8, MEMORY_MB=512)).status_code == 204


def test_allocation_bad_input(api: Api) -> None:
    rp = api.provider(VCPU={"total": 8, "max_unit": 4, "step_size": 2})
    consumer = str(uuid.uuid4())
    assert error(api("PUT", f"/allocations/{consumer}", json=_alloc(rp, VCPU=5)))["status"] == 400
    assert error(api("PUT", f"/allocations/{consumer}", json=_alloc(rp, VCPU=3)))["status"] == 400
    assert error(api("PUT", f"/allocations/{consumer}", json=_alloc(rp, CUSTOM_NOPE=1)))["status"] == 400
    assert error(api("PUT", f"/allocations/{consumer}", json=_alloc(rp, MEMORY_MB=1)))["status"] == 409
    assert error(api("PUT", f"/allocations/{consumer}", json=_alloc(str(uuid.uuid4()), VCPU=2)))["status"] == 400
    assert error(api("PUT", f"/allocations/{consumer}", json=_alloc(rp, VCPU=0)))["status"] == 400
    assert error(api("PUT", "/allocations/not-a-uuid", json=_alloc(rp, VCPU=2)))["status"] == 400
    assert api("GET", f"/resource_providers/{rp}/usages").json()["usages"]["VCPU"] == 0


def test_post_many_consumers_moves_atomically(api: Api) -> None:
    rp = api.provider(VCPU=4)
    instance, migration = str(uuid.uuid4()), str(uuid.uuid4())
    assert api("PUT", f"/allocations/{instance}", json=_alloc(rp, VCPU=4)).status_code == 204
    move = {
        instance: {
            "allocations": {},
            "project_id": "proj",
            "user_id": "user",
            "consumer_generation": 1,
            "consumer_type": "INSTANCE",
        },
        migration: {
            "allocations": {rp: {"resources": {"VCPU": 4}}},
            "project_id": "proj",
            "user_id": "user",
            "consumer_generation": None,
            "consumer_type": "MIGRATION",
        },
    }
    assert api("POST", "/allocations", json=move).status_code == 204
    assert api("GET", f"/allocations/{instance}").json() == {"allocations": {}}
    assert api("GET", f"/allocations/{migration}").json()["allocations"][rp]["resources"] == {"VCPU": 4}
    # a failing member leaves everything as it was
    other = str(uuid.uuid4())
    bad = {
        other: {
            "allocations": {rp: {"resources": {"VCPU": 1}}},
            "project_id": "p",
            "user_id": "u",
            "consumer_generation": None,
            "consumer_type": "INSTANCE",
        }
    }
    assert error(api("POST", "/allocations", json=bad))["status"] == 409
    assert api("POST", "/allocations", version="1.12", json=move).status_code in (404, 405)


def test_project_usages(api: Api) -> None:
    rp = api.provider(VCPU=16, MEMORY_MB=8192)
    for ctype, user in (("INSTANCE", "u1"), ("INSTANCE", "u2"), ("MIGRATION", "u1")):
        body = _alloc(rp, ctype=ctype, user=user, VCPU=2, MEMORY_MB=1024)
        assert api("PUT", f"/allocations/{uuid.uuid4()}", json=body).status_code == 204
    assert api("GET", "/usages?project_id=proj", version="1.9").json() == {"usages": {"VCPU": 6, "MEMORY_MB": 3072}}
    assert api("GET", "/usages?project_id=proj&user_id=u2", version="1.9").json() == {
        "usages": {"VCPU": 2, "MEMORY_MB": 1024}
    }
    assert api("GET", "/usages?project_id=proj").json() == {
        "usages": {
            "INSTANCE": {"consumer_count": 2, "VCPU": 4, "MEMORY_MB": 2048},
            "MIGRATION": {"consumer_count": 1, "VCPU": 2, "MEMORY_MB": 1024},
        }
    }
    assert api("GET", "/usages?project_id=proj&consumer_type=all").json() == {
        "usages": {"all": {"consumer_count": 3, "VCPU": 6, "MEMORY_MB": 3072}}
    }
    assert api("GET", "/usages?project_id=other", version="1.9").json() == {"usages": {}}
    assert error(api("GET", "/usages"))["status"] == 400


def test_demo_reads_own_project_usages_only(cloud, http, demo_token: str, openstack_connection) -> None:
    project = openstack_connection.session.auth.get_access(openstack_connection.session).project_id
    headers = {"X-Auth-Token": demo_token, "OpenStack-API-Version": "placement 1.9"}
    assert http.get(f"/placement/usages?project_id={project}", headers=headers).status_code == 403
    demo_project = http.get("/identity/v3/auth/projects", headers={"X-Auth-Token": demo_token}).json()["projects"][0][
        "id"
    ]
    assert http.get(f"/placement/usages?project_id={demo_project}", headers=headers).status_code == 200
