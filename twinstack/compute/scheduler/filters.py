"""Scheduler filters (nova/scheduler/filters): each a small class answering ``host_passes``.

Each filter also says, once per request, whether it ``applies``: a filter that cannot reject any host
for this request (no availability zone asked, no server group, no hints, no aggregate extra specs...)
is not run over the candidates at all. The answer depends on the request alone, never on a host, so
skipping it changes nothing but the cost (Nova's filters return early the same way, per host)."""

from __future__ import annotations

from typing import Any

# What the fake driver can run (nova/virt/fake.py reports x86_64 / fake / hvm).
SUPPORTED_ARCHS = {"x86_64", "i686"}
SUPPORTED_HV_TYPES = {"fake", "qemu", "kvm"}


class HostFilter:
    name = "HostFilter"
    needs_aggregates = False  # reads host["aggregate_metadata"] (one more query per decision)

    def applies(self, spec: dict[str, Any]) -> bool:
        """False when ``host_passes`` is true for every host under this request."""
        return True

    def host_passes(self, host: dict[str, Any], spec: dict[str, Any]) -> bool:
        raise NotImplementedError


class AvailabilityZoneFilter(HostFilter):
    name = "AvailabilityZoneFilter"

    def applies(self, spec: dict[str, Any]) -> bool:
        return bool(spec.get("availability_zone"))

    def host_passes(self, host: dict[str, Any], spec: dict[str, Any]) -> bool:
        az = spec.get("availability_zone")
        return not az or host["availability_zone"] == az


class ComputeFilter(HostFilter):
    """Enabled and up (its heartbeat is recent and it is not forced down)."""

    name = "ComputeFilter"

    def host_passes(self, host: dict[str, Any], spec: dict[str, Any]) -> bool:
        return not host["disabled"] and host["up"]


class AggregateInstanceExtraSpecsFilter(HostFilter):
    name = "AggregateInstanceExtraSpecsFilter"
    SCOPE = "aggregate_instance_extra_specs"
    needs_aggregates = True

    def _wanted(self, spec: dict[str, Any]) -> list[tuple[str, Any]]:
        """The extra specs this filter checks: unscoped ones and its own scope (hw:, trait:,
        resources: are another filter's, or Placement's, business)."""
        out = []
        for key, wanted in (spec["flavor"].get("extra_specs") or {}).items():
            scope, _, name = key.partition(":")
            if name:
                if scope != self.SCOPE:
                    continue
                key = name
            out.append((key, wanted))
        return out

    def applies(self, spec: dict[str, Any]) -> bool:
        return bool(self._wanted(spec))

    def host_passes(self, host: dict[str, Any], spec: dict[str, Any]) -> bool:
        for key, wanted in self._wanted(spec):
            values = host["aggregate_metadata"].get(key)
            if values is None or str(wanted).replace("s== ", "").replace("<in> ", "").strip() not in values:
                return False
        return True


class ServerGroupAffinityFilter(HostFilter):
    name = "ServerGroupAffinityFilter"

    def applies(self, spec: dict[str, Any]) -> bool:
        group = spec.get("group")
        return bool(group and group["policy"] == "affinity" and group["hosts"])

    def host_passes(self, host: dict[str, Any], spec: dict[str, Any]) -> bool:
        group = spec.get("group")
        if not group or group["policy"] != "affinity" or not group["hosts"]:
            return True
        return host["host"] in group["hosts"]


class ServerGroupAntiAffinityFilter(HostFilter):
    name = "ServerGroupAntiAffinityFilter"

    def applies(self, spec: dict[str, Any]) -> bool:
        group = spec.get("group")
        return bool(group and group["policy"] == "anti-affinity")

    def host_passes(self, host: dict[str, Any], spec: dict[str, Any]) -> bool:
        group = spec.get("group")
        if not group or group["policy"] != "anti-affinity":
            return True
        limit = int((group.get("rules") or {}).get("max_server_per_host", 1))
        return group["hosts"].count(host["host"]) < limit


class ImagePropertiesFilter(HostFilter):
    name = "ImagePropertiesFilter"

    def applies(self, spec: dict[str, Any]) -> bool:
        props = (spec.get("image") or {}).get("properties") or {}
        return bool(props.get("hw_architecture") or props.get("architecture")
                    or props.get("img_hv_type") or props.get("hypervisor_type"))

    def host_passes(self, host: dict[str, Any], spec: dict[str, Any]) -> bool:
        props = (spec.get("image") or {}).get("properties") or {}
        arch = props.get("hw_architecture") or props.get("architecture")
        hv_type = props.get("img_hv_type") or props.get("hypervisor_type")
        if arch and str(arch).lower() not in SUPPORTED_ARCHS:
            return False
        return not hv_type or str(hv_type).lower() in SUPPORTED_HV_TYPES


class SameHostFilter(HostFilter):
    name = "SameHostFilter"

    def applies(self, spec: dict[str, Any]) -> bool:
        return spec.get("same_host_hosts") is not None

    def host_passes(self, host: dict[str, Any], spec: dict[str, Any]) -> bool:
        wanted = spec.get("same_host_hosts")
        return wanted is None or host["host"] in wanted


class DifferentHostFilter(HostFilter):
    name = "DifferentHostFilter"

    def applies(self, spec: dict[str, Any]) -> bool:
        return bool(spec.get("different_host_hosts"))

    def host_passes(self, host: dict[str, Any], spec: dict[str, Any]) -> bool:
        avoid = spec.get("different_host_hosts")
        return not avoid or host["host"] not in avoid


class RequestedHostFilter(HostFilter):
    """A host an admin named (``nova:host`` AZ, 2.74 ``host``, migrate/evacuate target)."""

    name = "RequestedHostFilter"

    def applies(self, spec: dict[str, Any]) -> bool:
        return bool(spec.get("requested_host"))

    def host_passes(self, host: dict[str, Any], spec: dict[str, Any]) -> bool:
        wanted = spec.get("requested_host")
        return not wanted or host["host"] == wanted


DEFAULT_FILTERS: list[HostFilter] = [
    RequestedHostFilter(), AvailabilityZoneFilter(), ComputeFilter(), AggregateInstanceExtraSpecsFilter(),
    ImagePropertiesFilter(), ServerGroupAntiAffinityFilter(), ServerGroupAffinityFilter(),
    SameHostFilter(), DifferentHostFilter(),
]
