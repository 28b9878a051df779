"""Neutron's quotas API as quotasv2 enforces it: a project reads its own quotas, anything else goes
through get_quota/update_quota/delete_quota, which a domain- or system-scoped token never passes."""

from __future__ import annotations

import httpx
import pytest

from tests.reliability.helpers import scoped_user

N = "/network/v2.0"


@pytest.mark.parametrize("on", ["system", "domain"])
def test_quotas_refuse_a_system_or_domain_admin(http: httpx.Client, admin_token: str, demo_token: str,
                                                on: str) -> None:
    admin = {"X-Auth-Token": admin_token}
    demo_project = http.get("/identity/v3/auth/tokens", headers={**admin, "X-Subject-Token": demo_token}
                            ).json()["token"]["project"]["id"]
    outsider = scoped_user(http, admin, "admin", on)
    assert http.delete(f"{N}/quotas/{demo_project}", headers=outsider).status_code == 403
    assert http.put(f"{N}/quotas/{demo_project}", json={"quota": {"network": 5}}, headers=outsider).status_code == 403
    assert http.get(f"{N}/quotas/{demo_project}", headers=outsider).status_code == 403
    assert http.get(f"{N}/quotas/{demo_project}", headers={"X-Auth-Token": demo_token}).status_code == 200
    assert http.get(f"{N}/quotas/{demo_project}", headers=admin).status_code == 200


@pytest.mark.parametrize("on", ["system", "domain"])
def test_auto_allocated_topology_refuses_a_system_or_domain_admin(http: httpx.Client, admin_token: str,
                                                                  demo_token: str, on: str) -> None:
    """get/delete_auto_allocated_topology, on the topology's project, scope ['project']."""
    admin = {"X-Auth-Token": admin_token}
    demo_project = http.get("/identity/v3/auth/tokens", headers={**admin, "X-Subject-Token": demo_token}
                            ).json()["token"]["project"]["id"]
    outsider = scoped_user(http, admin, "admin", on)
    assert http.get(f"{N}/auto-allocated-topology/{demo_project}", headers=outsider).status_code == 403
    assert http.delete(f"{N}/auto-allocated-topology/{demo_project}", headers=outsider).status_code == 403


@pytest.mark.parametrize("on", ["system", "domain"])
def test_image_tasks_refuse_a_system_or_domain_admin(http: httpx.Client, admin_token: str, on: str) -> None:
    """glance's GET /v2/images/{id}/tasks asks get_image first (project-scoped)."""
    admin = {"X-Auth-Token": admin_token}
    image = http.get("/image/v2/images", headers=admin).json()["images"][0]["id"]
    assert http.get(f"/image/v2/images/{image}/tasks", headers=admin).status_code == 200
    outsider = scoped_user(http, admin, "admin", on)
    assert http.get(f"/image/v2/images/{image}/tasks", headers=outsider).status_code in (403, 404)


@pytest.mark.parametrize("path", ["/availability_zones", "/service-providers", "/qos/rule-types", "/flavors",
                                  "/subnetpools", "/default-security-group-rules"])
def test_neutron_reads_are_for_project_tokens(http: httpx.Client, admin_token: str, demo_token: str,
                                              path: str) -> None:
    """Every Neutron rule is project-scoped: a system-scoped token's read is a 403, a project's is not."""
    outsider = scoped_user(http, {"X-Auth-Token": admin_token}, "reader", "system")
    assert http.get(f"{N}{path}", headers=outsider).status_code == 403
    assert http.get(f"{N}{path}", headers={"X-Auth-Token": demo_token}).status_code == 200
