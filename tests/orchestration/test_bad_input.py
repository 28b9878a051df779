"""Bad input is a clear 4xx in Heat's fault body, never a 500: malformed bodies, templates, functions and
properties, and queries, on the create, update, validate and read routes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from twinstack.testing import Cloud

V = "heat_template_version: 2018-08-31\n"
TEMPLATES: list[Any] = [
    [], 5, "", "{", "- a\n- b", {"heat_template_version": 5}, V + "resources: []",
    V + "resources: {a: 5}", V + "resources: {a: {type: 5}}", V + "resources: {a: {type: OS::Heat::None, foo: 1}}",
    V + "resources: {a: {type: OS::Neutron::Net, properties: []}}",
    V + "resources: {a: {type: OS::Neutron::Net, properties: {name: {a: 1}}}}",
    V + "resources: {a: {type: OS::Neutron::Net, properties: {admin_state_up: maybe}}}",
    V + "resources: {a: {type: OS::Heat::RandomString, properties: {length: many}}}",
    V + "resources: {a: {type: OS::Heat::Value, properties: {value: {get_attr: nope}}}}",
    V + "resources: {a: {type: OS::Heat::Value, properties: {value: {get_attr: [a]}}}}",
    V + "resources: {a: {type: OS::Heat::Value, properties: {value: {str_replace: {template: x, params: []}}}}}",
    V + "resources: {a: {type: OS::Heat::Value, properties: {value: {list_join: ['-', 5]}}}}",
    V + "resources: {a: {type: OS::Heat::Value, properties: {value: {repeat: {for_each: 5, template: x}}}}}",
    V + "resources: {a: {type: OS::Heat::Value, properties: {value: {if: [nocond, 1, 2]}}}}",
    V + "resources: {a: {type: OS::Heat::Value, properties: {value: {get_param: [5]}}}}",
    V + "resources: {a: {type: OS::Heat::Value, properties: {value: {get_file: nofile}}}}",
    V + "resources: {a: {type: OS::Heat::Value, properties: {value: {digest: [nope, x]}}}}",
    V + "resources: {a: {type: OS::Heat::Value, properties: {value: {str_split: ['-', 'a-b', 9]}}}}",
    V + "resources: {a: {type: OS::Heat::Value, properties: {value: {map_merge: [1, 2]}}}}",
    V + "parameters: {p: {type: number, default: abc}}\nresources: {}",
    V + "parameters: {p: {type: nope}}\nresources: {}",
    V + "parameters: {p: {type: string, constraints: [{range: {min: 1}}], default: x}}\nresources: {}",
    V + "parameters: {p: {type: string, constraints: [{allowed_pattern: '['}], default: x}}\nresources: {}",
    V + "parameters: {p: {type: string, constraints: 5}}\nresources: {}",
    V + "parameters: 5\nresources: {}", V + "outputs: {o: 5}\nresources: {}", V + "outputs: {o: {}}",
    V + "parameter_groups: 5\nresources: {}", V + "conditions: {c: {equals: [1]}}\nresources: {}",
    V + "conditions: {c: {nope: 1}}\nresources: {}", V + "resources: {a: {type: OS::Heat::None, depends_on: 5}}",
    V + "resources: {a: {type: OS::Heat::None, condition: 5}}", "heat_template_version: 2018-08-31\nfoo: 1",
]


@pytest.fixture
def heat(cloud: Cloud) -> httpx.Client:
    conn = cloud.connect("twinstack")
    return httpx.Client(base_url=f"{cloud.url}/heat-api/v1/{conn.current_project_id}",
                        headers={"X-Auth-Token": conn.auth_token}, timeout=30)


def _clean(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.request.method, str(response.request.url),
                                        response.request.content[:300], response.text)
    if response.status_code >= 400:
        body = response.json()
        assert body["code"] == response.status_code and body["error"]["type"], body


def test_bad_templates_and_bodies_are_4xx(heat: httpx.Client) -> None:
    for i, template in enumerate(TEMPLATES):
        for path in ("/stacks", "/validate", "/stacks/preview"):
            response = heat.post(path, json={"stack_name": f"s{i}", "template": template})
            _clean(response)
            assert response.status_code == 400 or (path == "/stacks" and response.status_code == 201), \
                (template, response.text)
    ok = V + "resources: {a: {type: OS::Heat::None}}"
    for extra in ({"parameters": []}, {"files": []}, {"environment": 5}, {"environment": "{"},
                  {"environment": {"nope": 1}}, {"timeout_mins": "abc"}, {"timeout_mins": -1},
                  {"disable_rollback": "perhaps"}, {"tags": {"a": 1}}, {"environment_files": ["missing"]},
                  {"template_url": "http://example.com/t.yaml", "template": None}, {"adopt_stack_data": "[1]"},
                  {"adopt_stack_data": "{"}, {"stack_name": None}, {"stack_name": ""}, {"stack_name": 5}):
        _clean(heat.post("/stacks", json={"stack_name": "x", "template": ok, **extra}))
    for raw in (b"", b"{", b"[]", b"5"):
        _clean(heat.post("/stacks", content=raw, headers={"Content-Type": "application/json"}))


def test_bad_updates_and_queries_are_4xx(heat: httpx.Client) -> None:
    ok = V + "resources: {a: {type: OS::Heat::None}}"
    created = heat.post("/stacks", json={"stack_name": "base", "template": ok}).json()["stack"]
    base = f"/stacks/base/{created['id']}"
    for body in ([], {"template": 5}, {"parameters": []}, {"template": V + "resources: {a: {type: Nope}}"},
                 {"files": []}, {"clear_parameters": 5}, {"environment": 3}):
        _clean(heat.put(base, json=body))
        _clean(heat.patch(base, json=body))
        _clean(heat.put(f"{base}/preview", json=body))
    for path, params in (("/stacks", {"limit": "x"}), ("/stacks", {"marker": "nope"}),
                         ("/stacks", {"sort_keys": "nope", "sort_dir": "sideways"}),
                         (f"{base}/events", {"limit": "x"}), (f"{base}/events", {"marker": "nope"}),
                         (f"{base}/resources", {"nested_depth": "x"}), (f"{base}/resources/a/events", {}),
                         (f"{base}/resources/zz/events", {}), (f"{base}/outputs/none", {}),
                         (f"{base}/snapshots/none", {}), ("/resource_types/OS::Nope", {}),
                         ("/template_versions/nope/functions", {}), ("/software_configs/none", {}),
                         ("/software_deployments/none", {})):
        _clean(heat.get(path, params=params))
    for body in ({}, {"nope": 1}, {"check": None, "suspend": None}, []):
        _clean(heat.post(f"{base}/actions", json=body))
    _clean(heat.post(f"{base}/resources/a/signal", json=[1]))
    _clean(heat.patch(f"{base}/resources/a", json={"nope": 1}))
    _clean(heat.post("/software_configs", json=[]))
    _clean(heat.post("/software_deployments", json={"config_id": "none", "server_id": "x"}))
    assert heat.get("/stacks", params={"limit": "x"}).status_code == 400
