"""HOT's functions, parameters and conditions as a stack's outputs show them, and the errors Heat gives for a
bad template or bad parameters, in its fault body; validate, preview and the resource type schemas."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.orchestration.test_stacks import wait
from twinstack.testing import Cloud

FUNCTIONS = """
heat_template_version: wallaby
description: functions
parameter_groups:
  - label: main
    parameters: [env, count]
parameters:
  env: {type: string, default: prod, constraints: [{allowed_values: [prod, dev]}]}
  count: {type: number, default: 2, constraints: [{range: {min: 1, max: 5}}]}
  names: {type: comma_delimited_list, default: "a,b"}
  blob: {type: json, default: {"k": {"deep": 7}}}
  secret: {type: string, default: hush, hidden: true}
conditions:
  is_prod: {equals: [{get_param: env}, prod]}
  is_dev: {not: is_prod}
  both: {and: [is_prod, {or: [is_dev, true]}]}
resources:
  word: {type: OS::Heat::RandomString, properties: {length: 12, sequence: lowercase}}
  dev_only: {type: OS::Heat::None, condition: is_dev}
  value:
    type: OS::Heat::Value
    properties:
      value:
        str_replace:
          template: $env-$word
          params: {$env: {get_param: env}, $word: {get_attr: [word, value]}}
outputs:
  replaced: {value: {get_attr: [value, value]}}
  joined: {value: {list_join: ["-", {get_param: names}, ["c"]]}}
  repeated: {value: {repeat: {for_each: {"%n%": {get_param: names}}, template: "x-%n%"}}}
  chosen: {value: {if: [is_prod, big, small]}}
  both: {value: {if: [both, "yes", "no"]}}
  deep: {value: {get_param: [blob, k, deep]}}
  merged: {value: {map_merge: [{a: 1}, {b: 2}]}}
  split: {value: {str_split: [",", "p,q,r", 1]}}
  dev_ref: {value: {get_resource: dev_only}, condition: is_dev}
  word_length: {value: {get_attr: [word, value]}}
"""


@pytest.fixture
def conn(cloud: Cloud) -> Any:
    return cloud.connect("twinstack")


@pytest.fixture
def heat(cloud: Cloud, conn: Any) -> httpx.Client:
    return httpx.Client(base_url=f"{cloud.url}/heat-api/v1/{conn.current_project_id}",
                        headers={"X-Auth-Token": conn.auth_token}, timeout=30)


def test_functions_conditions_and_parameters(conn: Any, heat: httpx.Client) -> None:
    stack = wait(conn, conn.orchestration.create_stack(name="fns", template=FUNCTIONS).id)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    out = {o["output_key"]: o["output_value"] for o in stack.outputs}
    word = out["word_length"]
    assert len(word) == 12 and word.islower() and out["replaced"] == f"prod-{word}"
    assert out["joined"] == "a-b-c" and out["repeated"] == ["x-a", "x-b"]
    assert (out["chosen"], out["both"], out["deep"], out["split"]) == ("big", "yes", 7, "q")
    assert out["merged"] == {"a": 1, "b": 2} and out["dev_ref"] is None
    assert stack.parameters["secret"] == "******" and stack.parameters["OS::stack_name"] == "fns"
    assert sorted(r.name for r in conn.orchestration.resources(stack)) == ["value", "word"]

    # PATCH keeps the template and the other parameters; the condition now creates dev_only
    patched = heat.patch(f"/stacks/fns/{stack.id}", json={"parameters": {"env": "dev"}})
    assert patched.status_code == 202, patched.text
    stack = wait(conn, stack.id)
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    out = {o["output_key"]: o["output_value"] for o in stack.outputs}
    assert out["chosen"] == "small" and out["word_length"] == word and out["replaced"] == f"dev-{word}"
    assert sorted(r.name for r in conn.orchestration.resources(stack)) == ["dev_only", "value", "word"]


def test_heat_fault_bodies(heat: httpx.Client) -> None:
    def create(template: str, **extra: Any) -> httpx.Response:
        return heat.post("/stacks", json={"stack_name": "bad", "template": template, **extra})

    bad = create(FUNCTIONS, parameters={"env": "test"})
    body = bad.json()
    assert bad.status_code == 400 and body["title"] == "Bad Request" and body["code"] == 400
    assert body["error"] == {"type": "StackValidationFailed", "traceback": None,
                             "message": "Parameter 'env' is invalid: \"test\" is not an allowed value [prod, dev]"}
    assert body["explanation"].startswith("The server could not comply")
    assert create(FUNCTIONS, parameters={"count": 9}).json()["error"]["message"] == \
        "Parameter 'count' is invalid: 9 is out of range (min: 1, max: 5)"
    assert create(FUNCTIONS, parameters={"nope": 1}).json()["error"]["type"] == "UnknownUserParameter"
    need = "heat_template_version: 2018-08-31\nparameters: {x: {type: string}}\nresources: {}\n"
    assert create(need).json()["error"] == {"type": "UserParameterMissing", "traceback": None,
                                            "message": "The Parameter (x) was not provided."}
    unknown = "heat_template_version: 2018-08-31\nresources: {a: {type: OS::Nope::Thing}}\n"
    assert create(unknown).json()["error"]["message"] == "The Resource Type (OS::Nope::Thing) could not be found."
    ref = "heat_template_version: 2018-08-31\nresources: {a: {type: OS::Heat::Value, properties: " \
          "{value: {get_resource: b}}}}\n"
    assert create(ref).json()["error"]["type"] == "InvalidTemplateReference"
    prop = "heat_template_version: 2018-08-31\nresources: {a: {type: OS::Neutron::Net, properties: {colour: red}}}\n"
    assert create(prop).json()["error"]["message"] == "Property error: resources.a.properties: Unknown Property colour"
    assert create("heat_template_version: 2099-01-01\nresources: {}\n").json()["error"]["type"] == \
        "InvalidTemplateVersion"
    cycle = "heat_template_version: 2018-08-31\nresources: {a: {type: OS::Heat::None, depends_on: b}, " \
            "b: {type: OS::Heat::None, depends_on: a}}\n"
    assert create(cycle).json()["error"]["type"] == "CircularDependencyException"
    assert heat.post("/stacks", json={"stack_name": "1bad", "template": need}).status_code == 400

    ok = "heat_template_version: 2018-08-31\nresources: {a: {type: OS::Heat::None}}\n"
    assert heat.post("/stacks", json={"stack_name": "dup", "template": ok}).status_code == 201
    again = heat.post("/stacks", json={"stack_name": "dup", "template": ok})
    assert again.status_code == 409 and again.json()["error"] == {
        "type": "StackExists", "traceback": None, "message": "The Stack (dup) already exists."}
    missing = heat.get("/stacks/ghost")
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "EntityNotFound"
    assert missing.json()["error"]["message"] == "The Stack (ghost) could not be found."


def test_lookup_redirects_and_sub_resources(heat: httpx.Client) -> None:
    ok = "heat_template_version: 2018-08-31\nresources: {a: {type: OS::Heat::None}}\noutputs: {o: {value: 1}}\n"
    created = heat.post("/stacks", json={"stack_name": "look", "template": ok}).json()["stack"]
    found = heat.get("/stacks/look")
    assert found.status_code == 302 and found.headers["Location"] == created["links"][0]["href"]
    assert heat.get("/stacks/look/resources").headers["Location"].endswith(f"/look/{created['id']}/resources")
    for _ in range(100):
        if heat.get(f"/stacks/look/{created['id']}").json()["stack"]["stack_status"] == "CREATE_COMPLETE":
            break
        time.sleep(0.02)
    base = f"/stacks/look/{created['id']}"
    assert heat.get(f"{base}/template").json()["resources"] == {"a": {"type": "OS::Heat::None"}}
    assert heat.get(f"{base}/outputs/o").json()["output"]["output_value"] == 1
    assert heat.get(f"{base}/outputs").json()["outputs"] == [{"output_key": "o", "description": "No description given"}]
    events = heat.get(f"{base}/events").json()["events"]
    assert [(e["resource_name"], e["resource_status"]) for e in events] == [
        ("look", "CREATE_IN_PROGRESS"), ("a", "CREATE_IN_PROGRESS"), ("a", "CREATE_COMPLETE"),
        ("look", "CREATE_COMPLETE")]
    assert heat.get(f"{base}/resources/nope").status_code == 404


def test_validate_preview_and_resource_types(conn: Any, heat: httpx.Client) -> None:
    checked = heat.post("/validate", json={"template": FUNCTIONS}).json()
    assert checked["Description"] == "functions" and checked["ParameterGroups"][0]["label"] == "main"
    assert checked["Parameters"]["count"] == {"Type": "Number", "Description": "", "Label": "count",
                                              "NoEcho": "false", "Default": 2, "MinValue": 1, "MaxValue": 5}
    assert checked["Parameters"]["secret"]["NoEcho"] == "true"
    assert heat.post("/validate", json={"template": "heat_template_version: x"}).status_code == 400
    preview = heat.post("/stacks/preview", json={"stack_name": "pre", "template": FUNCTIONS}).json()["stack"]
    assert sorted(r["resource_name"] for r in preview["resources"]) == ["value", "word"]
    assert {r["resource_name"]: r["required_by"] for r in preview["resources"]}["word"] == ["value"]
    names = set(heat.get("/resource_types").json()["resource_types"])
    assert {"OS::Nova::Server", "OS::Neutron::Net", "OS::Cinder::Volume", "OS::Heat::ResourceGroup"} <= names
    schema = heat.get("/resource_types/OS::Nova::Server").json()
    assert schema["properties"]["flavor"]["required"] is True and schema["properties"]["flavor"]["update_allowed"]
    assert "first_address" in schema["attributes"]
    assert heat.get("/resource_types/OS::Nope").status_code == 404
