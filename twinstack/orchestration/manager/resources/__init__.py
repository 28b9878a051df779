"""The resource types this Heat knows, by name: the registry ``GET /resource_types`` lists."""

from __future__ import annotations

from twinstack.orchestration.manager.resources import cinder, heat, keystone, neutron, nova, octavia
from twinstack.orchestration.manager.resources.base import Plugin

_TYPES: list[type[Plugin]] = [
    nova.Server, nova.KeyPair, nova.Flavor, nova.ServerGroup,
    neutron.Net, neutron.Subnet, neutron.Port, neutron.Router, neutron.RouterInterface,
    neutron.FloatingIP, neutron.FloatingIPAssociation, neutron.SecurityGroup, neutron.SecurityGroupRule,
    cinder.Volume, cinder.VolumeAttachment, keystone.Project, keystone.User, keystone.UserRoleAssignment,
    heat.RandomString, heat.NoneResource, heat.Value, heat.ResourceGroup,
    heat.WaitConditionHandle, heat.WaitCondition, heat.SoftwareConfig, heat.CloudConfig, heat.TestResource,
    octavia.LoadBalancer, octavia.Listener, octavia.Pool, octavia.PoolMember, octavia.HealthMonitor,
    octavia.L7Policy, octavia.L7Rule,
]
REGISTRY: dict[str, type[Plugin]] = {cls.type_name: cls for cls in _TYPES}


def plugin_for(type_name: str) -> type[Plugin]:
    """The type's plugin; a type that is not a registered one is a template resource (prepare.py checked it)."""
    return REGISTRY.get(type_name, heat.TemplateResource)
