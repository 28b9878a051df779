"""Heat through openstacksdk (``conn.orchestration``): a stack over Nova, Neutron and Cinder made, resized
and deleted with nothing left behind; the template functions, parameters and their errors; raw HTTP where
Heat's fault body, its redirect or its events are the point."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from twinstack.testing import Cloud

FULL = """
heat_template_version: 2018-08-31
description: a server on a new network with a volume and a floating IP
parameters:
  flavor: {type: string, default: m1.tiny, constraints: [{custom_constraint: nova.flavor}]}
  image: {type: string, default: cirros-0.6.3-x86_64-disk}
  cidr: {type: string, default: 192.168.77.0/24}
resources:
  net: {type: OS::Neutron::Net}
  subnet:
    type: OS::Neutron::Subnet
    properties: {network: {get_resource: net}, cidr: {get_param: cidr}}
  router:
    type: OS::Neutron::Router
    properties: {external_gateway_info: {network: public}}
  iface:
    type: OS::Neutron::RouterInterface
    properties: {router: {get_resource: router}, subnet: {get_resource: subnet}}
  port:
    type: OS::Neutron::Port
    properties: {network: {get_resource: net}, fixed_ips: [{subnet: {get_resource: subnet}}]}
  server:
    type: OS::Nova::Server
    properties:
      flavor: {get_param: flavor}
      image: {get_param: image}
      networks: [{port: {get_resource: port}}]
  volume: {type: OS::Cinder::Volume, properties: {size: 1}}
  attach:
    type: OS::Cinder::VolumeAttachment
    properties: {instance_uuid: {get_resource: server}, volume_id: {get_resource: volume}}
  fip:
    type: OS::Neutron::FloatingIP
    depends_on: iface
    properties: {floating_network: public, port_id: {get_resource: port}}
outputs:
  server_ip: {value: {get_attr: [server, first_address]}}
  fip: {value: {get_attr: [fip, floating_ip_address]}}
"""


@pytest.fixture
def conn(cloud: Cloud) -> Any:
    return cloud.connect("twinstack")


def wait(conn: Any, stack_id: str, *states: str) -> Any:
    """The stack once no longer IN_PROGRESS (None once deleted: openstacksdk hides DELETE_COMPLETE)."""
    for _ in range(600):
        stack = conn.orchestration.find_stack(stack_id)
        if stack is None:
            return None
        if stack.status in states or not stack.status.endswith("IN_PROGRESS"):
            return stack
        time.sleep(0.05)
    raise AssertionError(f"stack stuck in {stack.status}")


def test_catalog_and_versions(cloud: Cloud, conn: Any) -> None:
    assert conn.orchestration.get_endpoint().endswith(f"/heat-api/v1/{conn.current_project_id}")
    body = httpx.get(cloud.url + "/heat-api/").json()
    assert body["versions"][0]["id"] == "v1.0"


def test_full_stack_create_resize_delete(conn: Any) -> None:
    created = conn.orchestration.create_stack(name="full", template=FULL)
    stack = wait(conn, created.id)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    resources = {r.name: r for r in conn.orchestration.resources(stack)}
    server = conn.compute.get_server(resources["server"].physical_resource_id)
    assert server.status == "ACTIVE" and server.flavor.original_name == "m1.tiny"
    volume = conn.block_storage.get_volume(resources["volume"].physical_resource_id)
    assert volume.status == "in-use" and volume.attachments[0]["server_id"] == server.id
    fip = conn.network.get_ip(resources["fip"].physical_resource_id)
    assert fip.port_id == resources["port"].physical_resource_id
    outputs = {o["output_key"]: o["output_value"] for o in stack.outputs}
    assert outputs["fip"] == fip.floating_ip_address and outputs["server_ip"].startswith("192.168.77.")

    conn.orchestration.update_stack(stack, template=FULL, parameters={"flavor": "m1.small"})
    stack = wait(conn, created.id)
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    resized = conn.compute.get_server(server.id)
    assert resized.id == server.id and resized.flavor.original_name == "m1.small" and resized.status == "ACTIVE"

    conn.orchestration.delete_stack(stack)
    assert wait(conn, created.id) is None
    assert conn.compute.find_server(server.id) is None
    assert list(conn.block_storage.volumes()) == []
    assert conn.network.find_ip(fip.id) is None
    assert list(conn.network.ports(network_id=resources["net"].physical_resource_id)) == []
    assert conn.network.find_network(resources["net"].physical_resource_id) is None
    assert conn.network.find_router(resources["router"].physical_resource_id) is None
