"""Stack state machines: a server that goes to ERROR fails the stack the way Heat words it, and the rollback
removes what was made; an update that changes a property needing replacement replaces the resource; a
ResourceGroup's nested stack; a wait condition signalled through the API; abandon and adopt; snapshots."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import password_auth
from tests.orchestration.test_stacks import wait
from twinstack.testing import Cloud

SERVER = """
heat_template_version: 2018-08-31
resources:
  net: {type: OS::Neutron::Net}
  subnet: {type: OS::Neutron::Subnet, properties: {network: {get_resource: net}, cidr: 10.9.0.0/24}}
  server:
    type: OS::Nova::Server
    properties:
      name: doomed-server
      flavor: m1.tiny
      image: cirros-0.6.3-x86_64-disk
      networks: [{subnet: {get_resource: subnet}}]
"""


@pytest.fixture
def conn(cloud: Cloud) -> Any:
    return cloud.connect("twinstack")


@pytest.fixture
def heat(cloud: Cloud, conn: Any) -> httpx.Client:
    return httpx.Client(base_url=f"{cloud.url}/heat-api/v1/{conn.current_project_id}",
                        headers={"X-Auth-Token": conn.auth_token}, timeout=30)


@pytest.fixture
def faults(cloud: Cloud) -> Iterator[Any]:
    def add(rule: dict[str, Any]) -> None:
        assert httpx.post(f"{cloud.url}/_twinstack/faults", json=rule, timeout=10).status_code == 201

    yield add
    httpx.delete(f"{cloud.url}/_twinstack/faults", timeout=10)


def test_server_error_fails_the_stack_then_rollback(conn: Any, faults: Any) -> None:
    faults({"match": {"name": "^doomed"}, "action": {"outcome": "server_error", "message": "disk on fire"}})
    reason = 'ResourceInError: resources.server: Went to status ERROR due to "Message: disk on fire, Code: 500"'
    kept = wait(conn, conn.orchestration.create_stack(name="kept", template=SERVER).id)
    assert (kept.status, kept.status_reason) == ("CREATE_FAILED", f"Resource CREATE failed: {reason}")
    server = {r.name: r for r in conn.orchestration.resources(kept)}["server"]
    assert (server.status, server.status_reason) == ("CREATE_FAILED", reason)
    conn.orchestration.delete_stack(kept)
    assert wait(conn, kept.id) is None

    rolled = wait(conn, conn.orchestration.create_stack(name="rolled", template=SERVER, disable_rollback=False).id)
    assert (rolled.status, rolled.status_reason) == ("ROLLBACK_COMPLETE", "Stack ROLLBACK completed successfully")
    assert list(conn.orchestration.resources(rolled)) == []
    assert list(conn.compute.servers()) == [] and list(conn.network.ports(device_owner="compute:nova")) == []
    assert [n.name for n in conn.network.networks(project_id=conn.current_project_id)] == ["private"]


def test_update_replaces_what_cannot_change_in_place(conn: Any) -> None:
    template = SERVER.replace("doomed-server", "fine-server")
    stack = wait(conn, conn.orchestration.create_stack(name="swap", template=template).id)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    before = {r.name: r.physical_resource_id for r in conn.orchestration.resources(stack)}
    conn.orchestration.update_stack(stack, template=template.replace("10.9.0.0/24", "10.8.0.0/24")
                                    .replace("name: fine-server", "name: renamed"))
    stack = wait(conn, stack.id)
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    after = {r.name: r.physical_resource_id for r in conn.orchestration.resources(stack)}
    assert after["net"] == before["net"]  # unchanged
    assert after["subnet"] != before["subnet"] and after["server"] != before["server"]  # a new subnet: new port
    assert conn.network.find_subnet(before["subnet"]) is None and conn.compute.find_server(before["server"]) is None
    assert conn.network.get_subnet(after["subnet"]).cidr == "10.8.0.0/24"
    assert conn.compute.get_server(after["server"]).name == "renamed"


def test_resource_group_and_nested_depth(conn: Any, heat: httpx.Client) -> None:
    template = """
heat_template_version: 2018-08-31
parameters: {n: {type: number, default: 3}}
resources:
  group:
    type: OS::Heat::ResourceGroup
    properties:
      count: {get_param: n}
      resource_def: {type: OS::Heat::RandomString, properties: {length: 8, salt: "%index%"}}
outputs:
  values: {value: {get_attr: [group, value]}}
  first: {value: {get_attr: [group, resource.0.value]}}
  refs: {value: {get_attr: [group, refs]}}
"""
    stack = wait(conn, conn.orchestration.create_stack(name="grp", template=template).id)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    out = {o["output_key"]: o["output_value"] for o in stack.outputs}
    assert len(out["values"]) == 3 and all(len(v) == 8 for v in out["values"]) and out["first"] == out["values"][0]
    assert len(out["refs"]) == 3
    top = heat.get(f"/stacks/grp/{stack.id}/resources").json()["resources"]
    assert [r["resource_name"] for r in top] == ["group"]
    deep = heat.get(f"/stacks/grp/{stack.id}/resources", params={"nested_depth": 1}).json()["resources"]
    assert sorted(r["resource_name"] for r in deep) == ["0", "1", "2", "group"]
    assert {r["parent_resource"] for r in deep if r["resource_name"] != "group"} == {"group"}
    conn.orchestration.update_stack(stack, template=template, parameters={"n": 1})
    stack = wait(conn, stack.id)
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    out2 = {o["output_key"]: o["output_value"] for o in stack.outputs}
    assert out2["values"] == out["values"][:1]
    conn.orchestration.delete_stack(stack)
    assert wait(conn, stack.id) is None
    assert [s.name for s in conn.orchestration.stacks()] == []


MEMBER = """
heat_template_version: 2014-10-16
parameters: {length: {type: number, default: 10}}
resources:
  rand: {type: OS::Heat::RandomString, properties: {length: {get_param: length}}}
outputs:
  rand: {value: {get_attr: [rand, value]}}
"""
GROUP_OF_TEMPLATES = """
heat_template_version: 2014-10-16
resources:
  rands: {type: OS::Heat::ResourceGroup, properties: {count: 4, resource_def: {type: My::Member,
                                                                                 properties: {length: 6}}}}
outputs: {rands: {value: {get_attr: [rands, attributes, rand]}}}
"""


def test_a_group_of_template_resources_named_by_the_environment(conn: Any, tmp_path: Any) -> None:
    """openstacksdk's test_stack_nested: the group's nested stack inherits the parent's resource_registry
    and files (Heat's child environment), and ``get_attr: [group, attributes, <name>]`` maps each member to
    its attribute."""
    member, root, env = tmp_path / "member.yaml", tmp_path / "root.yaml", tmp_path / "env.yaml"
    member.write_text(MEMBER)
    root.write_text(GROUP_OF_TEMPLATES)
    env.write_text(f"resource_registry:\n  My::Member: {member}\n")
    stack = conn.create_stack(name="tmpl-group", template_file=str(root), environment_files=[str(env)], wait=True)
    assert stack["stack_status"] == "CREATE_COMPLETE", stack["stack_status_reason"]
    rands = stack["outputs"][0]["output_value"]
    assert sorted(rands) == ["0", "1", "2", "3"] and all(len(v) == 6 for v in rands.values())
    assert conn.delete_stack("tmpl-group", wait=True)


def test_wait_condition_signalled_through_the_api(conn: Any, heat: httpx.Client) -> None:
    template = """
heat_template_version: 2018-08-31
resources:
  handle: {type: OS::Heat::WaitConditionHandle}
  waiter: {type: OS::Heat::WaitCondition, properties: {handle: {get_resource: handle}, timeout: 600}}
outputs:
  url: {value: {get_attr: [handle, endpoint]}}
  data: {value: {get_attr: [waiter, data]}}
"""
    stack = conn.orchestration.create_stack(name="waits", template=template)
    for _ in range(200):
        names = {r.name: r.status for r in conn.orchestration.resources(stack)}
        if names.get("handle") == "CREATE_COMPLETE":
            break
    assert conn.orchestration.get_stack(stack.id).status == "CREATE_IN_PROGRESS"
    sent = heat.post(f"/stacks/waits/{stack.id}/resources/handle/signal",
                     json={"status": "SUCCESS", "reason": "booted", "data": "42", "id": "1"})
    assert sent.status_code == 200, sent.text
    done = wait(conn, stack.id)
    assert done.status == "CREATE_COMPLETE", done.status_reason
    out = {o["output_key"]: o["output_value"] for o in done.outputs}
    assert out["url"].endswith(f"/stacks/waits/{stack.id}/resources/handle/signal") and out["data"] == '{"1": "42"}'


def test_abandon_adopt_and_snapshots(conn: Any, heat: httpx.Client) -> None:
    template = "heat_template_version: 2018-08-31\nresources:\n  net: {type: OS::Neutron::Net}\n"
    stack = wait(conn, conn.orchestration.create_stack(name="keep", template=template).id)
    snap = heat.post(f"/stacks/keep/{stack.id}/snapshots", json={"name": "s1"}).json()
    assert snap["status"] == "COMPLETE" and snap["name"] == "s1"
    assert [s["id"] for s in heat.get(f"/stacks/keep/{stack.id}/snapshots").json()["snapshots"]] == [snap["id"]]
    net_id = next(iter(conn.orchestration.resources(stack))).physical_resource_id
    data = heat.delete(f"/stacks/keep/{stack.id}/abandon").json()
    assert data["resources"]["net"]["resource_id"] == net_id
    assert conn.network.get_network(net_id).id == net_id  # left in place
    adopted = heat.post("/stacks", json={"stack_name": "again", "template": template, "adopt_stack_data": data})
    assert adopted.status_code == 201
    again = adopted.json()["stack"]["id"]
    for _ in range(200):  # openstacksdk hides an ADOPT_COMPLETE stack as it does a deleted one
        shown = heat.get(f"/stacks/again/{again}").json()["stack"]
        if not shown["stack_status"].endswith("IN_PROGRESS"):
            break
    assert shown["stack_status"] == "ADOPT_COMPLETE", shown["stack_status_reason"]
    resources = heat.get(f"/stacks/again/{again}/resources").json()["resources"]
    assert [r["physical_resource_id"] for r in resources] == [net_id]
    assert heat.delete(f"/stacks/again/{again}").status_code == 204
    assert wait(conn, again) is None and conn.network.find_network(net_id) is None


def test_nova_keypair_flavor_and_server_group(cloud: Cloud, conn: Any) -> None:
    template = """
heat_template_version: 2018-08-31
resources:
  key: {type: OS::Nova::KeyPair, properties: {name: heat-key, save_private_key: true}}
  group: {type: OS::Nova::ServerGroup, properties: {policies: [affinity]}}
  server:
    type: OS::Nova::Server
    properties:
      flavor: m1.tiny
      image: cirros-0.6.3-x86_64-disk
      key_name: {get_resource: key}
      networks: [{network: private}]
      scheduler_hints: {group: {get_resource: group}}
outputs:
  private: {value: {get_attr: [key, private_key]}}
"""
    stack = wait(conn, conn.orchestration.create_stack(name="nova", template=template).id)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert stack.outputs[0]["output_value"].startswith("-----BEGIN RSA PRIVATE KEY-----")
    server = conn.compute.get_server({r.name: r for r in conn.orchestration.resources(stack)}["server"]
                                     .physical_resource_id)
    assert server.key_name == "heat-key"
    groups = list(conn.compute.server_groups())
    assert [g.policy for g in groups] == ["affinity"] and groups[0].member_ids == [server.id]
    conn.orchestration.delete_stack(stack)
    assert wait(conn, stack.id) is None
    assert list(conn.compute.keypairs()) == [] and list(conn.compute.server_groups()) == []

    admin = cloud.connect("twinstack-admin")
    flavor = "heat_template_version: 2018-08-31\nresources:\n  f: {type: OS::Nova::Flavor, properties: " \
             "{name: heat.small, ram: 256, vcpus: 1, disk: 1}}\n"
    made = wait(admin, admin.orchestration.create_stack(name="flv", template=flavor).id)
    assert made.status == "CREATE_COMPLETE" and admin.compute.find_flavor("heat.small") is not None
    denied = wait(conn, conn.orchestration.create_stack(name="flv", template=flavor).id)
    assert denied.status == "CREATE_FAILED" and "Forbidden: resources.f:" in denied.status_reason
    admin.orchestration.delete_stack(made)
    assert wait(admin, made.id) is None and admin.compute.find_flavor("heat.small") is None


def test_update_preview(conn: Any, heat: httpx.Client) -> None:
    template = "heat_template_version: 2018-08-31\nparameters: {cidr: {type: string, default: 10.7.0.0/24}}\n" \
               "resources:\n  net: {type: OS::Neutron::Net, properties: {name: one}}\n" \
               "  subnet: {type: OS::Neutron::Subnet, properties: {network: {get_resource: net}, " \
               "cidr: {get_param: cidr}}}\n  gone: {type: OS::Heat::None}\n"
    stack = wait(conn, conn.orchestration.create_stack(name="pv", template=template).id)
    changed = template.replace("name: one", "name: two").replace("  gone: {type: OS::Heat::None}\n",
                                                                 "  new: {type: OS::Heat::None}\n")
    # Heat's {"resource_changes": {...}} (python-heatclient's --dry-run reads it)
    preview = heat.put(f"/stacks/pv/{stack.id}/preview", json={"template": changed,
                                                              "parameters": {"cidr": "10.6.0.0/24"}})
    names = {kind: sorted(r["resource_name"] for r in found)
             for kind, found in preview.json()["resource_changes"].items()}
    assert names == {"added": ["new"], "deleted": ["gone"], "replaced": ["subnet"], "unchanged": [],
                     "updated": ["net"]}
    assert conn.orchestration.get_stack(stack.id).status == "CREATE_COMPLETE"


def test_external_id_takes_a_resource_in(conn: Any) -> None:
    net = conn.network.create_network(name="outside")
    template = "heat_template_version: 2018-08-31\nresources:\n" \
               f"  net: {{type: OS::Neutron::Net, external_id: {net.id}}}\n" \
               "outputs:\n  ref: {value: {get_resource: net}}\n  name: {value: {get_attr: [net, name]}}\n"
    stack = wait(conn, conn.orchestration.create_stack(name="ext", template=template).id)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert {o["output_key"]: o["output_value"] for o in stack.outputs} == {"ref": net.id, "name": "outside"}
    conn.orchestration.update_stack(stack, template=template.replace(f" external_id: {net.id}", ""))
    failed = wait(conn, stack.id)
    assert failed.status == "UPDATE_FAILED" and "Update to property external_id of net" in failed.status_reason
    conn.orchestration.delete_stack(stack)
    assert wait(conn, stack.id) is None
    assert conn.network.get_network(net.id).name == "outside"  # never the stack's to delete


def test_pre_create_hook_waits_for_its_signal(conn: Any, heat: httpx.Client) -> None:
    template = "heat_template_version: 2018-08-31\nresources:\n  a: {type: OS::Heat::RandomString}\n" \
               "  b: {type: OS::Heat::RandomString, depends_on: a}\n"
    created = heat.post("/stacks", json={"stack_name": "hooked", "template": template, "environment": {
        "resource_registry": {"resources": {"b": {"hooks": "pre-create"}}}}}).json()["stack"]
    base = f"/stacks/hooked/{created['id']}"
    reasons: list[str] = []
    for _ in range(500):
        reasons = [e["resource_status_reason"] for e in heat.get(f"{base}/events").json()["events"]]
        if "CREATE paused until Hook pre-create is cleared" in reasons:
            break
    assert "CREATE paused until Hook pre-create is cleared" in reasons
    assert heat.get(f"{base}/resources/b").json()["resource"]["resource_status"] == "INIT_COMPLETE"
    assert heat.post(f"{base}/resources/a/signal", json={"unset_hook": "pre-create"}).status_code == 400
    assert heat.post(f"{base}/resources/b/signal", json={"unset_hook": "pre-create"}).status_code == 200
    assert wait(conn, created["id"]).status == "CREATE_COMPLETE"
    events = [(e["resource_name"], e["resource_status"], e["resource_status_reason"])
              for e in heat.get(f"{base}/resources/b/events").json()["events"]]
    assert ("b", "INIT_COMPLETE", "Hook pre-create is cleared") in events


def test_template_resources_from_files(conn: Any, heat: httpx.Client) -> None:
    nested = "heat_template_version: 2018-08-31\nparameters: {length: {type: number}}\n" \
             "resources:\n  word: {type: OS::Heat::RandomString, properties: {length: {get_param: length}}}\n" \
             "outputs:\n  value: {value: {get_attr: [word, value]}}\n"
    template = "heat_template_version: 2018-08-31\nresources:\n" \
               "  direct: {type: word.yaml, properties: {length: 5}}\n" \
               "  mapped: {type: My::Word, properties: {length: 7}}\n" \
               "outputs:\n  direct: {value: {get_attr: [direct, value]}}\n" \
               "  mapped: {value: {get_attr: [mapped, value]}}\n"
    made = heat.post("/stacks", json={"stack_name": "tmpl", "template": template, "files": {"word.yaml": nested},
                                      "environment": {"resource_registry": {"My::Word": "word.yaml"}}})
    assert made.status_code == 201, made.text
    stack = wait(conn, made.json()["stack"]["id"])
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    out = {o["output_key"]: o["output_value"] for o in stack.outputs}
    assert (len(out["direct"]), len(out["mapped"])) == (5, 7)
    deep = heat.get(f"/stacks/tmpl/{stack.id}/resources", params={"nested_depth": 1}).json()["resources"]
    assert sorted(r["resource_name"] for r in deep) == ["direct", "mapped", "word", "word"]
    missing = heat.post("/stacks", json={"stack_name": "nofile", "template": template})
    assert missing.status_code == 400 and "Could not fetch remote template" in missing.json()["error"]["message"]
    conn.orchestration.delete_stack(stack)
    assert wait(conn, stack.id) is None


def test_keystone_project_user_and_roles(cloud: Cloud) -> None:
    admin = cloud.connect("twinstack-admin")
    template = """
heat_template_version: 2018-08-31
resources:
  project: {type: OS::Keystone::Project, properties: {name: heat-proj, description: made by heat}}
  user:
    type: OS::Keystone::User
    properties:
      name: heat-user
      password: secret
      default_project: {get_resource: project}
      roles: [{role: member, project: {get_resource: project}}]
  reader: {type: OS::Keystone::UserRoleAssignment, properties: {user: demo,
           roles: [{role: reader, project: {get_resource: project}}]}}
"""
    stack = wait(admin, admin.orchestration.create_stack(name="ks", template=template).id)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    project = admin.identity.find_project("heat-proj")
    user = admin.identity.find_user("heat-user")
    assert project.description == "made by heat" and user.default_project_id == project.id
    granted = {(a.user["id"], a.role["id"]) for a in admin.identity.role_assignments(scope_project_id=project.id)}
    roles = {r.name: r.id for r in admin.identity.roles()}
    demo = admin.identity.find_user("demo")
    assert granted == {(user.id, roles["member"]), (demo.id, roles["reader"])}
    # the new user can log in to the new project
    token = httpx.post(f"{cloud.url}/identity/v3/auth/tokens", json=password_auth("heat-user", "secret", "heat-proj"))
    assert token.status_code == 201 and token.json()["token"]["project"]["id"] == project.id
    admin.orchestration.delete_stack(stack)
    assert wait(admin, stack.id) is None
    assert admin.identity.find_project("heat-proj") is None and admin.identity.find_user("heat-user") is None


def test_stack_moves_on_the_cloud_clock(cloud: Cloud, conn: Any) -> None:
    """On a manual clock a stack waits for its server, and the server for the clock: nothing moves until
    the test advances time."""
    assert httpx.put(f"{cloud.url}/_twinstack/clock", json={"mode": "manual"}, timeout=10).status_code == 200
    try:
        template = SERVER.replace("doomed-server", "clocked")
        stack = conn.orchestration.create_stack(name="clocked", template=template)
        states = set()
        for _ in range(100):
            states.add(conn.orchestration.get_stack(stack.id).status)
            server = {r.name: r for r in conn.orchestration.resources(stack)}["server"]
            if server.status == "CREATE_IN_PROGRESS":
                break
        assert server.status == "CREATE_IN_PROGRESS" and states == {"CREATE_IN_PROGRESS"}
        assert conn.orchestration.get_stack(stack.id).status == "CREATE_IN_PROGRESS"  # still: time stands
        for _ in range(200):
            httpx.post(f"{cloud.url}/_twinstack/clock/advance", json={"seconds": 1}, timeout=10)
            if conn.orchestration.get_stack(stack.id).status != "CREATE_IN_PROGRESS":
                break
        assert conn.orchestration.get_stack(stack.id).status == "CREATE_COMPLETE"
    finally:
        httpx.put(f"{cloud.url}/_twinstack/clock", json={"mode": "real"}, timeout=10)
