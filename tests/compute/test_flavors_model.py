"""The model's compute section beyond hosts: flavors with extra specs and private access, aggregates
with zones, a host's own zone, default and per-project quotas; and its reference errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from twinstack.testing import Cloud

MODEL = """
compute:
  hosts:
    - {name: edge-1, availability_zone: edge}
    - {name: fast-1, aggregates: [fast]}
  flavors:
    - {name: gold, id: "gold", vcpus: 2, ram: 1024, disk: 5, is_public: false, projects: [demo],
       extra_specs: {"hw:cpu_policy": dedicated}, description: private gold}
  aggregates:
    - {name: fast, availability_zone: speedy, metadata: {ssd: "true"}}
  quotas: {instances: 7}
  project_quotas: {demo: {cores: 3}}
"""


def test_model_sections_load(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(MODEL)
    with Cloud(model=str(path)) as cloud:
        admin, demo = cloud.connect("twinstack-admin"), cloud.connect("twinstack")
        gold = demo.compute.get_flavor("gold")
        assert gold.is_public is False and gold.extra_specs == {"hw:cpu_policy": "dedicated"}
        assert gold.description == "private gold"
        assert admin.compute.get_flavor_access("gold") == [{"flavor_id": "gold", "tenant_id": demo.current_project_id}]
        fast = next(a for a in admin.compute.aggregates() if a.name == "fast")
        assert fast.availability_zone == "speedy" and fast.metadata == {"ssd": "true", "availability_zone": "speedy"}
        assert "fast-1" in fast.hosts
        edge = next(a for a in admin.compute.aggregates() if a.availability_zone == "edge")
        assert edge.hosts == ["edge-1"]
        zones = {z.name for z in demo.compute.availability_zones()}
        assert {"edge", "speedy"} <= zones
        services = {s.host: s.availability_zone for s in admin.compute.services(binary="nova-compute")}
        assert services["edge-1"] == "edge" and services["fast-1"] == "speedy"
        assert admin.compute.get_quota_set(demo.current_project_id).cores == 3
        assert admin.compute.get_quota_set(demo.current_project_id).instances == 7
        assert admin.compute.get_quota_set(admin.current_project_id).cores == 20


@pytest.mark.parametrize("model, message", [
    # positions count the default model's flavors too: the file's list is layered over them
    ("compute: {flavors: [{name: x, vcpus: 1, ram: 64, projects: [nope]}]}",
     "(x).projects: unknown project 'nope'"),
    ("compute: {quotas: {bogus: 1}}", "compute.quotas: unknown quota 'bogus'"),
    ("compute: {project_quotas: {nope: {cores: 1}}}", "compute.project_quotas.nope: unknown project 'nope'"),
])
def test_model_reference_errors(tmp_path: Path, model: str, message: str) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(model)
    with pytest.raises(RuntimeError) as excinfo:
        Cloud(model=str(path), startup_timeout=20).start()
    assert message in str(excinfo.value)
