"""``twinstack model export`` then ``twinstack up --model`` of the export: a cloud whose listings
equal the original's (by name: ids are the new cloud's own)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from twinstack.testing import Cloud


def _listings(conn: Any) -> dict[str, Any]:
    return {
        "projects": sorted(p.name for p in conn.identity.projects()),
        "users": sorted(u.name for u in conn.identity.users()),
        "roles": sorted(r.name for r in conn.identity.roles()),
        "assignments": sorted(
            (a.role["id"] and next(r.name for r in conn.identity.roles() if r.id == a.role["id"]),
             conn.identity.get_user(a.user["id"]).name, conn.identity.get_project(a.scope["project"]["id"]).name)
            for a in conn.identity.role_assignments() if a.user and "project" in (a.scope or {})),
        "flavors": sorted((f.name, f.vcpus, f.ram, f.disk) for f in conn.compute.flavors()),
        "hypervisors": sorted(h.name for h in conn.compute.hypervisors()),
        "aggregates": sorted(a.name for a in conn.compute.aggregates()),
        "images": sorted((i.name, i.visibility, i.disk_format) for i in conn.image.images()),
        "networks": sorted((n.name, bool(n.is_router_external), bool(n.is_shared)) for n in conn.network.networks()),
        "subnets": sorted((s.name, s.cidr) for s in conn.network.subnets()),
        "routers": sorted(r.name for r in conn.network.routers()),
        "security_groups": sorted({g.name for g in conn.network.security_groups()} - {"default"}),
        "volume_types": sorted(t.name for t in conn.block_storage.types()),
    }


def test_export_then_up_gives_equal_listings(cloud: Cloud, tmp_path: Path) -> None:
    conn = cloud.connect()
    suffix = uuid.uuid4().hex[:6]
    project = conn.identity.create_project(name=f"exp-{suffix}", domain_id="default")
    user = conn.identity.create_user(name=f"exp-user-{suffix}", password="pw", domain_id="default",
                                     default_project_id=project.id)
    member = next(r for r in conn.identity.roles() if r.name == "member")
    conn.identity.assign_project_role_to_user(project, user, member)
    conn.compute.create_flavor(name=f"exp-flavor-{suffix}", vcpus=2, ram=1024, disk=10)
    net = conn.network.create_network(name=f"exp-net-{suffix}")
    conn.network.create_subnet(network_id=net.id, name=f"exp-subnet-{suffix}", cidr="10.55.0.0/24", ip_version=4)
    conn.network.create_security_group(name=f"exp-sg-{suffix}")
    before = _listings(conn)

    exported = tmp_path / "export.yaml"
    result = subprocess.run([sys.executable, "-m", "twinstack", "model", "export", "--url", str(cloud.url),
                             "-o", str(exported)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    with Cloud(model=str(exported)) as twin:
        after = _listings(twin.connect())
    assert after == before
