"""The one scenario: what a client does to compute, placement and identity, its mistakes included.
Variables known before it starts: image_id, network_id, project_id (the compute project), compute_host."""

from __future__ import annotations

from typing import Any

from differential.scenario_image import image
from differential.steps import Step

PUBLIC_KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN7RXBT4+oCEwnpIaPpjRD2u4XcJ6iGA+IaW7M0at0cE differential")
MISSING = "9f3c1a52-7d6e-4b0f-8a41-3c2d1e0f9a77"
SERVER_VERSIONS = ("2.1", "2.47", "2.79", "2.90", "2.96")


def c(method: str, path: str, body: Any = None, version: str | None = None, **kw: Any) -> Step:
    return Step("compute", method, "/v2.1" + path, body, version, **kw)


def p(method: str, path: str, body: Any = None, version: str | None = None, **kw: Any) -> Step:
    return Step("placement", method, path, body, version, **kw)


def i(method: str, path: str, body: Any = None, **kw: Any) -> Step:
    return Step("identity", method, path, body, **kw)


def wait_server(var: str, status: str | None) -> Step:
    return c("GET", f"/servers/{{{var}}}", persona="admin", wait=("server.status", status))


def compute_basics() -> list[Step]:
    # no request without credentials: Nova's functional stub of keystonemiddleware answers those 500
    steps = [Step("compute", "GET", "/", note="version document"),
             c("GET", "/", note="v2.1 version")]
    for version in ("2.1", "2.37", "2.47", "2.53", "2.79", "2.90", "2.96", "latest"):
        steps.append(c("GET", "/flavors/detail", version=version))
    steps += [c("GET", "/flavors", version="2.200", note="unknown microversion"),
              c("GET", "/flavors", version="2.0", note="below minimum"),
              c("GET", "/flavors", version="2.foo", note="malformed microversion"),
              c("GET", "/flavors", version="legacy:2.53", note="legacy header only"),
              c("GET", "/flavors", version="legacy:latest"),
              c("GET", "/flavors", headers={"OpenStack-API-Version": "identity 3.0"}, note="another service's version")]
    return steps


def compute_flavors() -> list[Step]:
    body = {"flavor": {"name": "diff.small", "id": "diff-1", "ram": 256, "vcpus": 1, "disk": 1}}
    steps = [c("POST", "/flavors", body, version="2.1", save={"flavor_id": "flavor.id"}),
             c("POST", "/flavors", body, version="2.1", note="duplicate"),
             c("POST", "/flavors", {"flavor": {"name": "x", "ram": "lots", "vcpus": 1, "disk": 1}}, note="bad ram"),
             c("POST", "/flavors", {"flavor": {"ram": 64}}, note="no name"),
             c("POST", "/flavors", b"{not json", note="broken JSON"),
             c("POST", "/flavors", {"flavor": {"name": "diff.desc", "ram": 128, "vcpus": 1, "disk": 0,
                                               "description": "d"}}, version="2.55",
               save={"flavor2_id": "flavor.id"}),
             c("POST", "/flavors", {"flavor": {"name": "member", "ram": 1, "vcpus": 1, "disk": 0}}, persona="member",
               note="forbidden")]
    for version in ("2.1", "2.47", "2.55", "2.61", "2.75", "latest"):
        steps.append(c("GET", "/flavors/{flavor_id}", version=version))
    steps += [c("GET", f"/flavors/{MISSING}", note="missing"),
              c("PUT", "/flavors/{flavor2_id}", {"flavor": {"description": "new"}}, version="2.55"),
              c("PUT", "/flavors/{flavor2_id}", {"flavor": {"description": "new"}}, version="2.54",
                note="before 2.55"),
              c("POST", "/flavors/{flavor_id}/os-extra_specs", {"extra_specs": {"hw:cpu_policy": "shared"}}),
              c("POST", "/flavors/{flavor_id}/os-extra_specs", {"extra_specs": {"hw:cpu_policy": "bogus"}},
                version="2.86", note="invalid extra spec value"),
              c("GET", "/flavors/{flavor_id}/os-extra_specs"),
              c("GET", "/flavors/{flavor_id}/os-extra_specs/hw:cpu_policy"),
              c("PUT", "/flavors/{flavor_id}/os-extra_specs/hw:cpu_policy", {"hw:cpu_policy": "dedicated"}),
              c("PUT", "/flavors/{flavor_id}/os-extra_specs/hw:cpu_policy", {"hw:mem_page_size": "large"},
                note="key mismatch"),
              c("GET", "/flavors/{flavor_id}/os-extra_specs/nope", note="missing key"),
              c("DELETE", "/flavors/{flavor_id}/os-extra_specs/hw:cpu_policy"),
              c("GET", "/flavors/{flavor_id}/os-flavor-access", note="public flavor"),
              c("GET", "/flavors?is_public=None", version="2.1"),
              c("GET", "/flavors?minRam=256&sort_key=name", version="2.1"),
              c("GET", "/flavors?sort_key=bogus", note="bad sort key"),
              c("GET", "/flavors?limit=2", save={"flavor_marker": "flavors.1.id"}),
              c("GET", "/flavors?limit=2&marker={flavor_marker}"),
              c("GET", f"/flavors?marker={MISSING}", note="bad marker")]
    return steps


def compute_keypairs() -> list[Step]:
    return [
        c("POST", "/os-keypairs", {"keypair": {"name": "diff-gen"}}, version="2.1", persona="member",
          note="generated"),
        c("POST", "/os-keypairs", {"keypair": {"name": "diff-imp", "public_key": PUBLIC_KEY}}, version="2.2",
          persona="member"),
        c("POST", "/os-keypairs", {"keypair": {"name": "diff-imp", "public_key": PUBLIC_KEY}}, persona="member",
          note="duplicate"),
        c("POST", "/os-keypairs", {"keypair": {"name": "diff-bad", "public_key": "ssh-rsa nope"}},
          persona="member", note="bad key"),
        c("POST", "/os-keypairs", {"keypair": {"name": "diff-92"}}, version="2.92", persona="member",
          note="2.92 needs a public key"),
        c("POST", "/os-keypairs", {"keypair": {"name": "diff-x509", "public_key": PUBLIC_KEY, "type": "x509"}},
          version="2.92", persona="member", note="x509 with ssh key"),
        c("POST", "/os-keypairs", {"keypair": {"name": "bad name!", "public_key": PUBLIC_KEY}}, version="2.92",
          persona="member", note="bad name"),
        c("GET", "/os-keypairs", version="2.1", persona="member"),
        c("GET", "/os-keypairs", version="2.35", persona="member"),
        c("GET", "/os-keypairs?limit=1", version="2.35", persona="member"),
        c("GET", "/os-keypairs/diff-imp", version="2.1", persona="member"),
        c("GET", "/os-keypairs/diff-imp", version="2.2", persona="member"),
        c("GET", "/os-keypairs/nope", persona="member", note="missing"),
        c("DELETE", "/os-keypairs/diff-gen", persona="member"),
        c("DELETE", "/os-keypairs/diff-gen", persona="member", note="again"),
    ]


def compute_server_groups() -> list[Step]:
    return [
        c("POST", "/os-server-groups", {"server_group": {"name": "g1", "policies": ["anti-affinity"]}},
          version="2.1", persona="member", save={"group1": "server_group.id"}),
        c("POST", "/os-server-groups", {"server_group": {"name": "g2", "policy": "anti-affinity",
                                                         "rules": {"max_server_per_host": 2}}},
          version="2.64", persona="member", save={"group2": "server_group.id"}),
        c("POST", "/os-server-groups", {"server_group": {"name": "g3", "policy": "affinity",
                                                         "rules": {"max_server_per_host": 2}}},
          version="2.64", persona="member", note="rules with affinity"),
        c("POST", "/os-server-groups", {"server_group": {"name": "g4", "policies": ["bogus"]}},
          persona="member", note="bad policy"),
        c("POST", "/os-server-groups", {"server_group": {"name": "g5", "policies": ["affinity"]}},
          version="2.64", persona="member", note="policies after 2.64"),
        c("GET", "/os-server-groups", version="2.1", persona="member"),
        c("GET", "/os-server-groups", version="2.13", persona="member"),
        c("GET", "/os-server-groups", version="2.64", persona="member"),
        c("GET", "/os-server-groups?all_projects=True", version="2.64"),
        c("GET", "/os-server-groups/{group1}", version="2.1", persona="member"),
        c("GET", "/os-server-groups/{group2}", version="2.64", persona="member"),
        c("GET", f"/os-server-groups/{MISSING}", persona="member", note="missing"),
    ]


def compute_admin() -> list[Step]:
    steps = [c("GET", "/os-services", version="2.1"),
             c("GET", "/os-services", version="2.53", save={"compute_service": "services[binary=nova-compute].id",
                                                 "compute_host": "services[binary=nova-compute].host"}),
             c("GET", "/os-services?binary=nova-compute", version="2.53"),
             c("GET", "/os-services?host=nope", version="2.53"),
             c("GET", "/os-services", persona="member", note="forbidden"),
             c("PUT", "/os-services/{compute_service}", {"status": "disabled", "disabled_reason": "diff"},
               version="2.53"),
             c("PUT", "/os-services/{compute_service}", {"status": "enabled"}, version="2.53"),
             c("PUT", "/os-services/{compute_service}", {"status": "bogus"}, version="2.53", note="bad status"),
             c("PUT", f"/os-services/{MISSING}", {"status": "enabled"}, version="2.53", note="missing"),
             c("PUT", "/os-services/disable", {"host": "{compute_host}", "binary": "nova-compute"}, version="2.1"),
             c("PUT", "/os-services/enable", {"host": "{compute_host}", "binary": "nova-compute"}, version="2.1")]
    for version in ("2.1", "2.28", "2.53", "2.88", "latest"):
        steps.append(c("GET", "/os-hypervisors/detail", version=version,
                       save={"hypervisor_id": "hypervisors.0.id"}))
    steps += [c("GET", "/os-hypervisors", version="2.1"),
              c("GET", "/os-hypervisors", version="2.53"),
              c("GET", "/os-hypervisors/{hypervisor_id}", version="2.53"),
              c("GET", "/os-hypervisors/{hypervisor_id}", version="2.88"),
              c("GET", "/os-hypervisors/{hypervisor_id}/uptime", version="2.53"),
              c("GET", "/os-hypervisors/{hypervisor_id}/uptime", version="2.88", note="removed in 2.88"),
              c("GET", "/os-hypervisors/statistics", version="2.1"),
              c("GET", "/os-hypervisors/statistics", version="2.88", note="removed in 2.88"),
              c("GET", "/os-hypervisors?hypervisor_hostname_pattern=nomatch", version="2.53"),
              c("GET", f"/os-hypervisors/{MISSING}", version="2.53", note="missing"),
              c("GET", "/os-hypervisors/1", version="2.53", note="integer id after 2.53"),
              c("GET", "/os-hypervisors", persona="member", note="forbidden"),
              # aggregates
              c("POST", "/os-aggregates", {"aggregate": {"name": "diff-agg", "availability_zone": "diff-az"}},
                version="2.1", save={"agg": "aggregate.id"}),
              c("POST", "/os-aggregates", {"aggregate": {"name": "diff-agg"}}, note="duplicate"),
              c("POST", "/os-aggregates", {"aggregate": {"name": ""}}, note="empty name"),
              c("GET", "/os-aggregates", version="2.1"),
              c("GET", "/os-aggregates", version="2.41"),
              c("GET", "/os-aggregates/{agg}", version="2.41"),
              c("PUT", "/os-aggregates/{agg}", {"aggregate": {"name": "diff-agg2"}}),
              c("POST", "/os-aggregates/{agg}/action", {"set_metadata": {"metadata": {"k": "v", "gone": None}}}),
              c("POST", "/os-aggregates/{agg}/action", {"add_host": {"host": "{compute_host}"}}),
              c("POST", "/os-aggregates/{agg}/action", {"add_host": {"host": "{compute_host}"}},
                note="host already there"),
              c("POST", "/os-aggregates/{agg}/action", {"add_host": {"host": "nohost"}}, note="unknown host"),
              c("POST", "/os-aggregates/{agg}/action", {"bogus": {}}, note="unknown action"),
              c("GET", "/os-availability-zone", version="2.1"),
              c("GET", "/os-availability-zone/detail", version="2.1"),
              c("DELETE", "/os-aggregates/{agg}", note="not empty"),
              c("POST", "/os-aggregates/{agg}/action", {"remove_host": {"host": "{compute_host}"}}),
              c("DELETE", "/os-aggregates/{agg}"),
              c("GET", "/os-aggregates/{agg}", note="deleted"),
              c("GET", "/os-aggregates/abc", note="non-integer id"),
              # limits and quotas
              c("GET", "/limits", version="2.1", persona="member"),
              c("GET", "/limits", version="2.36", persona="member"),
              c("GET", "/limits", version="2.57", persona="member"),
              c("GET", "/limits?tenant_id={project_id}", version="2.57"),
              c("GET", "/os-quota-sets/{project_id}", version="2.1"),
              c("GET", "/os-quota-sets/{project_id}", version="2.36"),
              c("GET", "/os-quota-sets/{project_id}", version="2.57"),
              c("GET", "/os-quota-sets/{project_id}/detail", version="2.57"),
              c("GET", "/os-quota-sets/{project_id}/defaults", version="2.57"),
              c("PUT", "/os-quota-sets/{project_id}", {"quota_set": {"instances": 20, "cores": 40}}, version="2.57"),
              c("PUT", "/os-quota-sets/{project_id}", {"quota_set": {"instances": "many"}}, note="bad value"),
              c("PUT", "/os-quota-sets/{project_id}", {"quota_set": {"floating_ips": 3}}, version="2.36",
                note="removed key"),
              c("PUT", "/os-quota-sets/{project_id}", {"quota_set": {"instances": 5}}, persona="member",
                note="forbidden"),
              c("DELETE", "/os-quota-sets/{project_id}"),
              c("GET", "/os-quota-class-sets/default", version="2.57"),
              c("GET", "/os-simple-tenant-usage?detailed=1", version="2.40"),
              c("GET", "/extensions", version="2.1"),
              c("GET", "/os-instance_usage_audit_log", version="2.1")]
    return steps


def compute_servers() -> list[Step]:
    boot = {"server": {"name": "diff-s1", "imageRef": "{image_id}", "flavorRef": "{flavor_id}",
                       "networks": [{"uuid": "{network_id}"}], "metadata": {"a": "b"}}}
    steps = [
        c("POST", "/servers", boot, version="2.1", persona="member", save={"s1": "server.id"}),
        wait_server("s1", "ACTIVE"),
        c("POST", "/servers", {"server": {"name": "diff-s2", "imageRef": "{image_id}", "flavorRef": "{flavor_id}",
                                          "networks": "none", "hostname": "diff-host"}},
          version="2.90", persona="member", save={"s2": "server.id"}),
        wait_server("s2", "ACTIVE"),
        c("POST", "/servers", {"server": {"name": "x", "imageRef": "{image_id}", "flavorRef": "{flavor_id}"}},
          version="2.37", persona="member", note="2.37 requires networks"),
        c("POST", "/servers", {"server": {"name": "x", "imageRef": MISSING, "flavorRef": "{flavor_id}",
                                          "networks": "none"}}, version="2.37", persona="member",
          note="unknown image"),
        c("POST", "/servers", {"server": {"name": "x", "imageRef": "{image_id}", "flavorRef": "nope",
                                          "networks": "none"}}, version="2.37", persona="member",
          note="unknown flavor"),
        c("POST", "/servers", {"server": {"imageRef": "{image_id}", "flavorRef": "{flavor_id}",
                                          "networks": "none"}}, version="2.37", persona="member", note="no name"),
        c("POST", "/servers", {"server": {"name": "x", "imageRef": "{image_id}", "flavorRef": "{flavor_id}",
                                          "networks": "none", "hostname": "h"}}, version="2.89", persona="member",
          note="hostname before 2.90"),
        c("POST", "/servers", {"server": {"name": "x", "imageRef": "{image_id}", "flavorRef": "{flavor_id}",
                                          "networks": [{"uuid": MISSING}]}}, version="2.37", persona="member",
          note="unknown network"),
        c("POST", "/servers", {"server": {"name": "x", "imageRef": "{image_id}", "flavorRef": "{flavor_id}",
                                          "networks": "none", "bogus": 1}}, version="2.37", persona="member",
          note="unknown attribute"),
        c("POST", "/servers", b'{"server": ', version="2.37", persona="member", note="broken JSON"),
        c("POST", "/servers", {"server": {"name": "x", "imageRef": "{image_id}", "flavorRef": "{flavor_id}",
                                          "networks": "none", "key_name": "nope"}}, version="2.37",
          persona="member", note="unknown keypair"),
    ]
    for version in (*SERVER_VERSIONS, "2.53", "2.37", "latest"):
        steps.append(c("GET", "/servers/detail", version=version, persona="member"))
        steps.append(c("GET", "/servers/{s1}", version=version, persona="member"))
    for version in SERVER_VERSIONS:
        steps.append(c("GET", "/servers", version=version, persona="member"))
        steps.append(c("GET", "/servers/detail", version=version, persona="admin", note="as admin"))
    steps += [
        c("GET", "/servers?name=diff-s1", persona="member"),
        c("GET", "/servers/detail?status=ACTIVE&limit=1", persona="member"),
        c("GET", "/servers?all_tenants=1", version="2.1", persona="admin"),
        c("GET", "/servers?bogus=1", version="2.1", persona="member", note="unknown filter"),
        c("GET", "/servers?limit=-1", persona="member", note="bad limit"),
        c("GET", "/servers?sort_key=bogus", persona="member", note="bad sort key"),
        c("GET", f"/servers/{MISSING}", persona="member", note="missing"),
        c("GET", "/servers/not-a-uuid", persona="member", note="malformed id"),
        c("GET", "/servers/{s1}/ips", persona="member"),
        c("GET", "/servers/{s1}/ips/{network_name}", persona="member"),
        c("GET", "/servers/{s1}/ips/nonet", persona="member", note="unknown network"),
        c("GET", "/servers/{s1}/metadata", persona="member"),
        c("PUT", "/servers/{s1}/metadata/k", {"meta": {"k": "v"}}, persona="member"),
        c("GET", "/servers/{s1}/metadata/k", persona="member"),
        c("POST", "/servers/{s1}/metadata", {"metadata": {"x": "y"}}, persona="member"),
        c("PUT", "/servers/{s1}/metadata/k", {"meta": {"other": "v"}}, persona="member", note="key mismatch"),
        c("DELETE", "/servers/{s1}/metadata/k", persona="member"),
        c("GET", "/servers/{s1}/metadata/k", persona="member", note="deleted key"),
        c("PUT", "/servers/{s1}/tags/t1", version="2.26", persona="member"),
        c("GET", "/servers/{s1}/tags", version="2.26", persona="member"),
        c("GET", "/servers/{s1}/tags/t1", version="2.26", persona="member"),
        c("PUT", "/servers/{s1}/tags/t1", version="2.26", persona="member", note="already there", added=True),
        c("GET", "/servers/{s1}/tags/nope", version="2.26", persona="member", note="missing tag"),
        c("PUT", "/servers/{s1}/tags", {"tags": ["a", "b"]}, version="2.26", persona="member"),
        c("DELETE", "/servers/{s1}/tags", version="2.26", persona="member"),
        c("PUT", "/servers/{s1}", {"server": {"name": "diff-s1b"}}, version="2.1", persona="member"),
        c("PUT", "/servers/{s1}", {"server": {"description": "d"}}, version="2.19", persona="member"),
        c("PUT", "/servers/{s1}", {"server": {"hostname": "newhost"}}, version="2.90", persona="member"),
        c("PUT", "/servers/{s1}", {"server": {"bogus": 1}}, persona="member", note="unknown attribute"),
        c("GET", "/servers/{s1}/os-instance-actions", version="2.1", persona="member",
          save={"req_id": "instanceActions.0.request_id"}),
        c("GET", "/servers/{s1}/os-instance-actions", version="2.58", persona="member"),
        c("GET", "/servers/{s1}/os-instance-actions/{req_id}", version="2.51", persona="member"),
        c("GET", "/servers/{s1}/os-instance-actions/{req_id}", version="2.84", persona="admin"),
        c("GET", "/servers/{s1}/os-interface", persona="member"),
        c("GET", "/servers/{s1}/os-security-groups", persona="member"),
        c("GET", "/servers/{s1}/diagnostics", version="2.48", persona="admin"),
        c("GET", "/servers/{s1}/topology", version="2.78", persona="member", added=True),
        c("GET", "/servers/{s1}/os-server-password", persona="member"),
        c("GET", "/servers/{s1}/topology", version="2.78", persona="member"),
        c("GET", "/servers/{s2}/os-interface", persona="member", note="no ports"),
        # actions
        c("POST", "/servers/{s1}/action", {"os-stop": None}, persona="member"),
        wait_server("s1", "SHUTOFF"),
        c("POST", "/servers/{s1}/action", {"os-stop": None}, persona="member", note="already stopped"),
        c("POST", "/servers/{s1}/action", {"reboot": {"type": "SOFT"}}, persona="member", note="reboot stopped"),
        c("POST", "/servers/{s1}/action", {"os-start": None}, persona="member"),
        wait_server("s1", "ACTIVE"),
        c("POST", "/servers/{s1}/action", {"os-start": None}, persona="member", note="already active"),
        c("POST", "/servers/{s1}/action", {"reboot": {"type": "HARD"}}, persona="member"),
        wait_server("s1", "ACTIVE"),
        c("POST", "/servers/{s1}/action", {"reboot": {"type": "SIDEWAYS"}}, persona="member", note="bad type"),
        c("POST", "/servers/{s1}/action", {"pause": None}, persona="member"),
        wait_server("s1", "PAUSED"),
        c("POST", "/servers/{s1}/action", {"pause": None}, persona="member", note="already paused"),
        c("POST", "/servers/{s1}/action", {"unpause": None}, persona="member"),
        wait_server("s1", "ACTIVE"),
        c("POST", "/servers/{s1}/action", {"suspend": None}, persona="member"),
        wait_server("s1", "SUSPENDED"),
        c("POST", "/servers/{s1}/action", {"resume": None}, persona="member"),
        wait_server("s1", "ACTIVE"),
        c("POST", "/servers/{s1}/action", {"lock": {"locked_reason": "r"}}, version="2.73", persona="member"),
        c("GET", "/servers/{s1}", version="2.73", persona="member", note="locked"),
        c("POST", "/servers/{s1}/action", {"os-stop": None}, persona="member", note="locked"),
        c("POST", "/servers/{s1}/action", {"unlock": None}, persona="member"),
        c("POST", "/servers/{s1}/action", {"lock": {"locked_reason": "r"}}, version="2.72", persona="member",
          note="reason before 2.73"),
        c("POST", "/servers/{s1}/action", {"unlock": None}, persona="member", note="after the 2.72 lock"),
        c("POST", "/servers/{s1}/action", {"lock": {"locked_reason": ""}}, version="2.73", persona="member",
          note="empty reason", added=True),
        c("POST", "/servers/{s1}/action", {"addSecurityGroup": {"name": "nope"}}, persona="member",
          note="unknown security group"),
        c("POST", "/servers/{s1}/action", {"os-getConsoleOutput": {"length": 5}}, persona="member"),
        c("POST", "/servers/{s1}/action", {"createBackup": {"name": "b", "backup_type": "daily", "rotation": -1}},
          persona="member", note="bad rotation"),
        c("POST", "/servers/{s1}/action", {"bogusAction": None}, persona="member", note="unknown action"),
        c("POST", "/servers/{s1}/action", {}, persona="member", note="empty action"),
        c("POST", f"/servers/{MISSING}/action", {"os-stop": None}, persona="member", note="missing server"),
        c("POST", "/servers/{s1}/action", {"resize": {"flavorRef": "{flavor_id}"}}, persona="member",
          note="resize to same flavor"),
        c("POST", "/servers/{s2}/action", {"rebuild": {"imageRef": "{image_id}", "name": "diff-s2r"}},
          version="2.1", persona="member"),
        wait_server("s2", "ACTIVE"),
        c("POST", "/servers/{s2}/action", {"rebuild": {"imageRef": MISSING}}, persona="member",
          note="rebuild with unknown image"),
        c("POST", "/servers/{s1}/action", {"migrate": None}, persona="member", note="forbidden"),
        c("POST", "/servers/{s1}/action", {"os-resetState": {"state": "error"}}, persona="admin"),
        c("GET", "/servers/{s1}", version="2.1", persona="member", note="in error"),
        c("POST", "/servers/{s1}/action", {"os-resetState": {"state": "bogus"}}, persona="admin",
          note="bad state"),
        c("POST", "/servers/{s1}/action", {"os-resetState": {"state": "active"}}, persona="admin"),
        # deletes
        c("DELETE", "/servers/{s1}", persona="member"),
        wait_server("s1", None),
        c("GET", "/servers/{s1}", persona="member", note="deleted"),
        c("DELETE", "/servers/{s1}", persona="member", note="again"),
        c("DELETE", "/servers/{s2}", persona="member"),
        wait_server("s2", None),
        c("DELETE", "/os-server-groups/{group1}", persona="member"),
        c("DELETE", "/os-server-groups/{group1}", persona="member", note="again"),
        c("DELETE", "/os-server-groups/{group2}", persona="member"),
        c("DELETE", "/os-keypairs/diff-imp", persona="member"),
        c("DELETE", "/flavors/{flavor2_id}"),
        c("DELETE", "/flavors/{flavor_id}"),
        c("DELETE", "/flavors/{flavor_id}", note="again"),
    ]
    return steps


def placement() -> list[Step]:
    rp = "/resource_providers"
    steps = [p("GET", "/", note="version document"),
             p("GET", rp, version="1.99", note="unknown microversion"),
             p("GET", rp, version="bogus", note="malformed microversion"),
             p("GET", "/", version="1.99", note="version document, unknown microversion", added=True),
             p("GET", "/nothing", version="latest", note="unknown path", added=True),
             p("PATCH", rp, version="latest", note="unknown method", added=True),
             p("GET", f"{rp}/{MISSING}", version="latest", note="missing, with a code", added=True),
             p("PUT", f"{rp}/{MISSING}", {"name": "x"}, version="1.14", note="update missing", added=True),
             p("GET", f"{rp}/{MISSING}/usages", version="1.23", note="missing provider, with a code", added=True),
             p("POST", rp, {"name": "diff-rp1"}, version="1.0", save={"rp1_loc": "header:location"}, note="1.0"),
             p("POST", rp, {"name": "diff-rp2", "uuid": "5e5d8b61-8c3a-4c6d-9a2b-1f0e3d4c5b6a"}, version="1.20",
               save={"rp2": "uuid"}),
             p("POST", rp, {"name": "diff-child", "parent_provider_uuid": "{rp2}"}, version="1.20",
               save={"child": "uuid"}),
             p("POST", rp, {"name": "diff-rp2"}, version="1.20", note="duplicate name"),
             p("POST", rp, {"name": 5}, version="1.20", note="bad name"),
             p("POST", rp, {"name": "x", "parent_provider_uuid": MISSING}, version="1.20", note="missing parent"),
             p("POST", rp, b"{", version="1.20", note="broken JSON")]
    for version in ("1.0", "1.14", "1.20", "1.39"):
        steps.append(p("GET", rp + "/{rp2}", version=version))
        steps.append(p("GET", rp + "?name=diff-rp2", version=version))
    steps += [
        p("GET", rp + f"/{MISSING}", note="missing"),
        p("GET", rp + "?in_tree={rp2}", version="1.14"),
        p("GET", rp + "?member_of=in:{rp2}", version="1.3"),
        p("GET", rp + "?required=HW_CPU_X86_AVX", version="1.18"),
        p("GET", rp + "?resources=VCPU:1", version="1.4"),
        p("GET", rp + "?resources=NOPE:1", version="1.4", note="unknown class"),
        p("GET", rp + "?bogus=1", version="1.4", note="unknown filter"),
        p("PUT", rp + "/{rp2}", {"name": "diff-rp2b"}, version="1.14"),
        p("PUT", rp + "/{rp2}", {"name": "diff-rp2", "parent_provider_uuid": None}, version="1.37"),
        p("PUT", rp + "/{rp2}", {"nope": 1}, version="1.14", note="bad body"),
        # inventories
        p("GET", rp + "/{rp2}/inventories", save={"gen": "resource_provider_generation"}),
        p("PUT", rp + "/{rp2}/inventories", {"resource_provider_generation": 99, "inventories": {
            "VCPU": {"total": 8}}}, note="stale generation"),
        p("PUT", rp + "/{rp2}/inventories", {"resource_provider_generation": "{gen}", "inventories": {}},
          note="generation as string"),
        p("GET", rp + "/{rp2}", save={"gen": "generation"}),
        p("PUT", rp + "/{rp2}/inventories", {"resource_provider_generation": "{gen:int}", "inventories": {
            "VCPU": {"total": 8, "allocation_ratio": 4.0}, "MEMORY_MB": {"total": 4096, "reserved": 512},
            "DISK_GB": {"total": 100}}}),
    ]
    steps += [
        p("GET", rp + "/{rp2}/inventories"),
        p("GET", rp + "/{rp2}/inventories/VCPU"),
        p("GET", rp + "/{rp2}/inventories/VGPU", note="missing class"),
        p("GET", rp + "/{rp2}", save={"gen": "generation"}),
        p("PUT", rp + "/{rp2}/inventories/VCPU", {"resource_provider_generation": "{gen:int}", "total": 16}),
        p("PUT", rp + "/{rp2}/inventories/VCPU", {"resource_provider_generation": 0, "total": 16},
          note="stale generation"),
        p("PUT", rp + "/{rp2}/inventories/VCPU", {"total": 16}, note="no generation"),
        p("POST", rp + "/{rp2}/inventories", {"resource_provider_generation": 0, "resource_class": "VGPU",
                                                "total": 1}, version="1.0", note="POST with stale generation"),
        p("GET", rp + "/{child}/inventories", version="1.20"),
        # resource classes
        p("GET", "/resource_classes", version="1.2"),
        p("GET", "/resource_classes/VCPU", version="1.2"),
        p("POST", "/resource_classes", {"name": "CUSTOM_DIFF"}, version="1.2"),
        p("POST", "/resource_classes", {"name": "CUSTOM_DIFF"}, version="1.2", note="duplicate"),
        p("POST", "/resource_classes", {"name": "NOT_CUSTOM"}, version="1.2", note="no CUSTOM_ prefix"),
        p("PUT", "/resource_classes/CUSTOM_DIFF2", None, version="1.7"),
        p("PUT", "/resource_classes/CUSTOM_DIFF2", None, version="1.7", note="again"),
        p("GET", "/resource_classes/CUSTOM_DIFF", version="1.2"),
        p("GET", "/resource_classes/CUSTOM_NOPE", version="1.2", note="missing"),
        p("GET", "/resource_classes", version="1.1", note="before 1.2"),
        p("DELETE", "/resource_classes/CUSTOM_DIFF2", version="1.2"),
        p("DELETE", "/resource_classes/VCPU", version="1.2", note="standard class"),
        # traits
        p("GET", "/traits?name=startswith:HW_CPU_X86_AVX", version="1.6"),
        p("GET", "/traits?name=in:HW_CPU_X86_AVX,CUSTOM_NOPE", version="1.6"),
        p("GET", "/traits?name=bogus:x", version="1.6", note="bad filter"),
        p("GET", "/traits?name=bogus", version="1.6", note="no operator", added=True),
        p("PUT", "/traits/CUSTOM_DIFF_T", None, version="1.6"),
        p("PUT", "/traits/CUSTOM_DIFF_T", None, version="1.6", note="again"),
        p("PUT", "/traits/NOT_CUSTOM", None, version="1.6", note="no CUSTOM_ prefix"),
        p("GET", "/traits/CUSTOM_DIFF_T", version="1.6"),
        p("GET", "/traits/CUSTOM_NOPE", version="1.6", note="missing"),
        p("GET", "/traits?associated=false&name=startswith:CUSTOM_DIFF", version="1.6"),
        p("GET", rp + "/{rp2}/traits", version="1.6", save={"gen": "resource_provider_generation"}),
        p("PUT", rp + "/{rp2}/traits", {"resource_provider_generation": "{gen:int}",
                                         "traits": ["CUSTOM_DIFF_T", "HW_CPU_X86_AVX"]}, version="1.6"),
        p("PUT", rp + "/{rp2}/traits", {"resource_provider_generation": 0, "traits": ["CUSTOM_DIFF_T"]},
          version="1.6", note="stale generation"),
        p("PUT", rp + "/{rp2}/traits", {"resource_provider_generation": 0, "traits": ["CUSTOM_UNKNOWN"]},
          version="1.6", note="unknown trait"),
        p("GET", rp + "/{rp2}/traits", version="1.6"),
        p("DELETE", "/traits/CUSTOM_DIFF_T", version="1.6", note="in use"),
        p("GET", rp + "?required=CUSTOM_DIFF_T", version="1.18"),
        p("GET", "/traits?associated=true&name=startswith:CUSTOM_DIFF", version="1.6"),
        # aggregates
        p("GET", rp + "/{rp2}/aggregates", version="1.1"),
        p("GET", rp + "/{rp2}/aggregates", version="1.19", save={"gen": "resource_provider_generation"}),
        p("PUT", rp + "/{rp2}/aggregates", ["4a1c5e1e-3c32-4a0e-9a1f-7c8d2c6b1e11"], version="1.1"),
        p("PUT", rp + "/{rp2}/aggregates", {"aggregates": ["4a1c5e1e-3c32-4a0e-9a1f-7c8d2c6b1e11"],
                                             "resource_provider_generation": "{gen:int}"}, version="1.19"),
        p("PUT", rp + "/{rp2}/aggregates", ["x"], version="1.19", note="old format after 1.19"),
        # allocations
        p("PUT", "/allocations/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", {"allocations": [
            {"resource_provider": {"uuid": "{rp2}"}, "resources": {"VCPU": 2, "MEMORY_MB": 512}}],
            "project_id": "{project_id}", "user_id": "diff-user"}, version="1.8", note="list format"),
        p("GET", "/allocations/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", version="1.8"),
        p("GET", "/allocations/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", version="1.12"),
        p("GET", "/allocations/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", version="1.28"),
        p("GET", "/allocations/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", version="1.38"),
        p("PUT", "/allocations/1e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f7", {"allocations": {
            "{rp2}": {"resources": {"VCPU": 1}}}, "project_id": "{project_id}", "user_id": "diff-user",
            "consumer_generation": None, "consumer_type": "INSTANCE"}, version="1.38", note="dict format"),
        p("PUT", "/allocations/1e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f7", {"allocations": {
            "{rp2}": {"resources": {"VCPU": 1}}}, "project_id": "{project_id}", "user_id": "diff-user",
            "consumer_generation": None, "consumer_type": "INSTANCE"}, version="1.38",
          note="consumer generation conflict"),
        p("PUT", "/allocations/2f3a4b5c-6d7e-4f80-91a2-b3c4d5e6f708", {"allocations": {
            "{rp2}": {"resources": {"VCPU": 1000}}}, "project_id": "{project_id}", "user_id": "diff-user",
            "consumer_generation": None}, version="1.28", note="over capacity"),
        p("PUT", "/allocations/2f3a4b5c-6d7e-4f80-91a2-b3c4d5e6f708", {"allocations": {
            "{rp2}": {"resources": {"VGPU": 1}}}, "project_id": "{project_id}", "user_id": "diff-user",
            "consumer_generation": None}, version="1.28", note="class without inventory"),
        p("PUT", "/allocations/2f3a4b5c-6d7e-4f80-91a2-b3c4d5e6f708", {"allocations": {}},
          version="1.28", note="missing project"),
        p("PUT", "/allocations/not-a-uuid", {"allocations": {}}, version="1.28", note="bad consumer id"),
        p("GET", "/allocations/1e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f7", version="1.38"),
        p("GET", rp + "/{rp2}/allocations"),
        p("GET", rp + "/{rp2}/usages"),
        p("GET", "/usages?project_id={project_id}", version="1.9"),
        p("GET", "/usages?project_id={project_id}&user_id=diff-user", version="1.9"),
        p("GET", "/usages?project_id={project_id}", version="1.38"),
        p("GET", "/usages", version="1.9", note="no project"),
        p("GET", rp + f"/{MISSING}/usages", note="missing provider"),
        p("POST", "/allocations", {"3a4b5c6d-7e8f-4091-a2b3-c4d5e6f70819": {
            "allocations": {"{rp2}": {"resources": {"MEMORY_MB": 256}}}, "project_id": "{project_id}",
            "user_id": "diff-user", "consumer_generation": None}}, version="1.28", note="POST /allocations"),
        p("GET", "/allocations/3a4b5c6d-7e8f-4091-a2b3-c4d5e6f70819", version="1.28"),
    ]
    for version in ("1.10", "1.17", "1.21", "1.29", "1.34", "1.36", "1.39"):
        steps.append(p("GET", "/allocation_candidates?resources=VCPU:1,MEMORY_MB:128&limit=5", version=version))
    steps += [
        p("GET", "/allocation_candidates?resources=VCPU:1&required=CUSTOM_DIFF_T", version="1.17"),
        p("GET", "/allocation_candidates?resources1=VCPU:1&resources2=MEMORY_MB:64&group_policy=none",
          version="1.25"),
        p("GET", "/allocation_candidates?resources1=VCPU:1", version="1.25", note="granular without policy"),
        p("GET", "/allocation_candidates?resources=VCPU:1", version="1.9", note="before 1.10"),
        p("GET", "/allocation_candidates?resources=NOPE:1", version="1.10", note="unknown class"),
        p("GET", "/allocation_candidates", version="1.10", note="no resources"),
        p("GET", "/allocation_candidates?resources=VCPU:1&in_tree={rp2}", version="1.31"),
        p("GET", "/allocation_candidates?resources=VCPU:1&root_required=!CUSTOM_DIFF_T", version="1.35"),
        p("DELETE", "/allocations/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"),
        p("DELETE", "/allocations/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", note="again"),
        p("DELETE", rp + "/{rp2}", note="provider with allocations and child"),
        p("DELETE", rp + "/{rp2}/inventories/VCPU", note="inventory in use"),
        p("DELETE", "/allocations/1e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f7"),
        p("DELETE", "/allocations/3a4b5c6d-7e8f-4091-a2b3-c4d5e6f70819"),
        p("DELETE", rp + "/{rp2}/inventories/VCPU"),
        p("DELETE", rp + "/{rp2}/inventories", version="1.5"),
        p("DELETE", rp + "/{rp2}/traits", version="1.6"),
        p("DELETE", "/traits/CUSTOM_DIFF_T", version="1.6"),
        p("DELETE", "/resource_classes/CUSTOM_DIFF", version="1.2"),
        p("DELETE", rp + "/{child}"),
        p("DELETE", rp + "/{rp2}"),
        p("DELETE", rp + "/{rp2}", note="again"),
    ]
    return steps


def identity() -> list[Step]:
    auth = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "password": "admin", "domain": {"id": "default"}}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
    bad = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "password": "wrong", "domain": {"id": "default"}}}}}}
    nouser = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "nobody", "password": "x", "domain": {"id": "default"}}}}}}
    unscoped = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "password": "admin", "domain": {"id": "default"}}}}}}
    return [
        i("GET", "/", note="version document"),
        i("GET", "/v3", persona="none"),
        i("POST", "/v3/auth/tokens", auth, persona="none", save={"tok": "header:x-subject-token"}),
        i("POST", "/v3/auth/tokens", unscoped, persona="none", note="unscoped"),
        i("POST", "/v3/auth/tokens?nocatalog", auth, persona="none", note="nocatalog"),
        i("POST", "/v3/auth/tokens", bad, persona="none", note="wrong password"),
        i("POST", "/v3/auth/tokens", nouser, persona="none", note="unknown user"),
        i("POST", "/v3/auth/tokens", {"auth": {}}, persona="none", note="no identity"),
        i("POST", "/v3/auth/tokens", b"{", persona="none", note="broken JSON"),
        i("GET", "/v3/auth/tokens", headers={"X-Subject-Token": "{tok}"}),
        i("HEAD", "/v3/auth/tokens", headers={"X-Subject-Token": "{tok}"}),
        i("GET", "/v3/auth/tokens", headers={"X-Subject-Token": "bogus"}, note="bad subject token"),
        i("GET", "/v3/auth/tokens", note="no subject token"),
        i("GET", "/v3/no-such-thing", note="unknown path", added=True),
        i("GET", "/v3/auth/projects"),
        i("GET", "/v3/auth/catalog"),
        i("GET", "/v3/auth/domains"),
        i("GET", "/v3/auth/system"),
        i("GET", "/v3/users", persona="none", note="no token"),
        i("GET", "/v3/users", headers={"X-Auth-Token": "bogus"}, persona="none", note="bad token"),
        # domains
        i("POST", "/v3/domains", {"domain": {"name": "diff-dom", "description": "d"}}, save={"dom": "domain.id"}),
        i("POST", "/v3/domains", {"domain": {"name": "diff-dom"}}, note="duplicate"),
        i("POST", "/v3/domains", {"domain": {"bogus": 1}}, note="bad body"),
        i("GET", "/v3/domains/{dom}"),
        i("GET", "/v3/domains?name=diff-dom"),
        i("PATCH", "/v3/domains/{dom}", {"domain": {"description": "e"}}),
        i("DELETE", "/v3/domains/{dom}", note="enabled"),
        i("GET", f"/v3/domains/{MISSING}", note="missing"),
        # projects
        i("POST", "/v3/projects", {"project": {"name": "diff-proj", "domain_id": "default", "tags": ["t"]}},
          save={"proj": "project.id"}),
        i("POST", "/v3/projects", {"project": {"name": "diff-proj", "domain_id": "default"}}, note="duplicate"),
        i("POST", "/v3/projects", {"project": {"name": "diff-sub", "parent_id": "{proj}"}},
          save={"sub": "project.id"}),
        i("POST", "/v3/projects", {"project": {"name": 1}}, note="bad name"),
        i("POST", "/v3/projects", {"project": {"name": "x", "parent_id": MISSING}}, note="missing parent"),
        i("POST", "/v3/projects", {"project": {"name": "x", "domain_id": MISSING}}, note="missing domain", added=True),
        i("GET", "/v3/projects/{proj}"),
        i("GET", "/v3/projects/{sub}?parents_as_ids"),
        i("GET", "/v3/projects/{proj}?subtree_as_list"),
        i("GET", "/v3/projects?name=diff-proj"),
        i("GET", "/v3/projects?parent_id={proj}"),
        i("GET", "/v3/projects?tags=t"),
        i("PATCH", "/v3/projects/{proj}", {"project": {"description": "x", "enabled": True}}),
        i("PATCH", "/v3/projects/{proj}", {"project": {"domain_id": "{dom}"}}, note="move domain"),
        i("GET", "/v3/projects/{proj}/tags"),
        i("PUT", "/v3/projects/{proj}/tags/u"),
        i("GET", "/v3/projects/{proj}/tags/u"),
        i("GET", "/v3/projects/{proj}/tags/nope", note="missing tag"),
        i("DELETE", "/v3/projects/{proj}", note="has child"),
        i("GET", f"/v3/projects/{MISSING}", note="missing"),
        # users
        i("POST", "/v3/users", {"user": {"name": "diff-user", "password": "pw", "domain_id": "default",
                                          "email": "d@example.org"}}, save={"user": "user.id"}),
        i("POST", "/v3/users", {"user": {"name": "diff-user", "domain_id": "default"}}, note="duplicate"),
        i("POST", "/v3/users", {"user": {"name": "diff-user2", "domain_id": MISSING}}, note="missing domain"),
        i("POST", "/v3/users", {"user": {"bogus": 1}}, note="bad body"),
        i("GET", "/v3/users/{user}"),
        i("GET", "/v3/users?name=diff-user"),
        i("GET", "/v3/users?enabled=true&name=diff-user"),
        i("PATCH", "/v3/users/{user}", {"user": {"email": "e@example.org", "default_project_id": "{proj}"}}),
        i("PATCH", "/v3/users/{user}", {"user": {"description": "d", "colour": "blue"}}, note="extra attribute",
          added=True),
        i("GET", "/v3/users/{user}/projects"),
        i("GET", "/v3/users/{user}/groups"),
        i("POST", "/v3/users/{user}/password", {"user": {"password": "pw2", "original_password": "wrong"}},
          persona="none", note="wrong original"),
        i("GET", f"/v3/users/{MISSING}", note="missing"),
        # groups
        i("POST", "/v3/groups", {"group": {"name": "diff-group", "domain_id": "default"}},
          save={"group": "group.id"}),
        i("PUT", "/v3/groups/{group}/users/{user}"),
        i("HEAD", "/v3/groups/{group}/users/{user}"),
        i("GET", "/v3/groups/{group}/users"),
        i("GET", "/v3/groups?name=diff-group"),
        # roles
        i("POST", "/v3/roles", {"role": {"name": "diff-role"}}, save={"role": "role.id"}),
        i("POST", "/v3/roles", {"role": {"name": "diff-role"}}, note="duplicate"),
        i("GET", "/v3/roles/{role}"),
        i("GET", "/v3/roles?name=diff-role"),
        i("GET", "/v3/roles?name=admin", save={"admin_role": "roles.0.id"}),
        i("PATCH", "/v3/roles/{admin_role}", {"role": {"description": "x"}}, note="immutable", added=True),
        i("PATCH", "/v3/roles/{role}", {"role": {"description": "r"}}),
        i("POST", "/v3/roles", {"role": {"name": "diff-implied"}}, save={"role2": "role.id"}),
        i("PUT", "/v3/roles/{role}/implies/{role2}"),
        i("GET", "/v3/roles/{role}/implies"),
        i("GET", "/v3/role_inferences"),
        i("PUT", "/v3/projects/{proj}/users/{user}/roles/{role}"),
        i("HEAD", "/v3/projects/{proj}/users/{user}/roles/{role}"),
        i("GET", "/v3/projects/{proj}/users/{user}/roles"),
        i("PUT", "/v3/projects/{proj}/groups/{group}/roles/{role}"),
        i("PUT", f"/v3/projects/{{proj}}/users/{{user}}/roles/{MISSING}", note="missing role"),
        i("GET", "/v3/role_assignments?user.id={user}"),
        i("GET", "/v3/role_assignments?user.id={user}&effective&include_names"),
        i("GET", "/v3/role_assignments?scope.project.id={proj}&include_subtree=true"),
        i("PUT", "/v3/domains/default/users/{user}/roles/{role}"),
        i("GET", "/v3/domains/default/users/{user}/roles"),
        i("GET", "/v3/system/users/{user}/roles"),
        i("POST", "/v3/auth/tokens", {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "id": "{user}", "password": "pw"}}}, "scope": {"project": {"id": "{proj}"}}}}, persona="none",
          save={"utok": "header:x-subject-token"}, note="new user, scoped"),
        i("GET", "/v3/users/{user}", headers={"X-Auth-Token": "{utok}"}, persona="none", note="own user"),
        i("GET", "/v3/users", headers={"X-Auth-Token": "{utok}"}, persona="none", note="member lists users"),
        i("DELETE", "/v3/auth/tokens", headers={"X-Subject-Token": "{utok}"}),
        i("GET", "/v3/auth/tokens", headers={"X-Subject-Token": "{utok}"}, note="revoked"),
        # regions, services, endpoints, credentials
        i("GET", "/v3/regions"),
        i("POST", "/v3/regions", {"region": {"id": "diff-region"}}),
        i("GET", "/v3/regions/diff-region"),
        i("POST", "/v3/services", {"service": {"type": "diff", "name": "diffsvc"}}, save={"svc": "service.id"}),
        i("GET", "/v3/services?type=diff"),
        i("POST", "/v3/endpoints", {"endpoint": {"service_id": "{svc}", "interface": "public",
                                                 "url": "http://diff.example/", "region_id": "diff-region"}},
          save={"ep": "endpoint.id"}),
        i("POST", "/v3/endpoints", {"endpoint": {"service_id": "{svc}", "interface": "sideways",
                                                 "url": "http://x/"}}, note="bad interface"),
        i("GET", "/v3/endpoints?service_id={svc}"),
        i("POST", "/v3/credentials", {"credential": {"type": "ec2", "user_id": "{user}", "project_id": "{proj}",
                                                     "blob": "{\"access\": \"a\", \"secret\": \"s\"}"}},
          save={"cred": "credential.id"}),
        i("GET", "/v3/credentials?user_id={user}"),
        i("POST", "/v3/users/{user}/application_credentials", {"application_credential": {"name": "ac"}},
          note="for another user"),
        # clean-up
        i("DELETE", "/v3/credentials/{cred}"),
        i("DELETE", "/v3/endpoints/{ep}"),
        i("DELETE", "/v3/services/{svc}"),
        i("DELETE", "/v3/regions/diff-region"),
        i("DELETE", "/v3/roles/{role}/implies/{role2}"),
        i("DELETE", "/v3/projects/{proj}/users/{user}/roles/{role}"),
        i("DELETE", "/v3/projects/{proj}/users/{user}/roles/{role}", note="again"),
        i("DELETE", "/v3/groups/{group}/users/{user}"),
        i("DELETE", "/v3/groups/{group}"),
        i("DELETE", "/v3/users/{user}"),
        i("DELETE", "/v3/users/{user}", note="again"),
        i("DELETE", "/v3/roles/{role}"),
        i("DELETE", "/v3/roles/{role2}"),
        i("DELETE", "/v3/projects/{sub}"),
        i("DELETE", "/v3/projects/{proj}"),
        i("PATCH", "/v3/domains/{dom}", {"domain": {"enabled": False}}),
        i("DELETE", "/v3/domains/{dom}"),
        i("GET", "/v3/domains/{dom}", note="deleted"),
    ]


def scenario(services: tuple[str, ...] = ("compute", "placement", "identity", "image")) -> list[Step]:
    steps: list[Step] = []
    if "compute" in services:
        steps += compute_basics() + compute_flavors() + compute_keypairs() + compute_server_groups()
        steps += compute_admin() + compute_servers()
    if "placement" in services:
        steps += placement()
    if "identity" in services:
        steps += identity()
    if "image" in services:
        steps += image()
    return steps
