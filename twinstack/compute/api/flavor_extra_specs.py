"""Nova's os-extra_specs on flavors, with the value checks Nova applies from microversion 2.86
to the namespaces it knows (hw:, hw_rng:, resources*, trait*, ...)."""

from __future__ import annotations

import re
from typing import Any

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.api.flavors import get_flavor
from twinstack.compute.schemas import flavor_extra_specs as schemas
from twinstack.core.convert import is_bool_like
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate

# name (regex) -> ("enum", values) | ("int", min, max) | ("bool",) | ("regex", pattern) | ("any",)
_VALIDATORS: list[tuple[str, tuple[Any, ...]]] = [
    (r"hw:cpu_policy", ("enum", ("shared", "dedicated", "mixed"))),
    (r"hw:cpu_thread_policy", ("enum", ("prefer", "isolate", "require"))),
    (r"hw:cpu_sockets|hw:cpu_cores|hw:cpu_threads|hw:cpu_max_sockets|hw:cpu_max_cores|hw:cpu_max_threads",
     ("int", 1, None)),
    (r"hw:numa_nodes", ("int", 1, None)),
    (r"hw:numa_cpus\.\d+", ("regex", r"^\^?\d+(-\d+)?(,\^?\d+(-\d+)?)*$")),
    (r"hw:numa_mem\.\d+", ("int", 0, None)),
    (r"hw:mem_page_size", ("regex", r"^(large|small|any|\d+([kKMGT]i?)?(b|bit|B)?)$")),
    (r"hw:cpu_realtime", ("bool",)),
    (r"hw:cpu_realtime_mask|hw:cpu_dedicated_mask", ("any",)),
    (r"hw:emulator_threads_policy", ("enum", ("share", "isolate"))),
    (r"hw:watchdog_action", ("enum", ("disabled", "reset", "poweroff", "pause", "none"))),
    (r"hw:boot_menu|hw:vif_multiqueue_enabled|hw:pmu|hw:hide_hypervisor_id|hw:secure_boot"
     r"|hw:virtio_packed_ring|hw:locked_memory|hw:tpm_secret_security", ("any",)),
    (r"hw:pci_numa_affinity_policy", ("enum", ("required", "preferred", "legacy", "socket"))),
    (r"hw:mem_encryption", ("bool",)),
    (r"hw:tpm_version", ("enum", ("1.2", "2.0"))),
    (r"hw:tpm_model", ("enum", ("tpm-tis", "tpm-crb"))),
    (r"hw:maxphysaddr_mode", ("enum", ("emulate", "passthrough"))),
    (r"hw:maxphysaddr_bits", ("int", 1, None)),
    (r"hw:serial_port_count", ("int", 0, None)),
    (r"hw:viommu_model", ("enum", ("intel", "smmuv3", "virtio", "auto"))),
    (r"hw_rng:allowed", ("bool",)),
    (r"hw_rng:rate_bytes|hw_rng:rate_period", ("int", 0, None)),
    (r"hw_video:ram_max_mb", ("int", 0, None)),
    (r"quota:(cpu|disk|vif)_[a-z_]+", ("int", 0, None)),
    (r"resources(\d+|_[a-zA-Z0-9_-]+)?:[A-Z0-9_]+", ("int", 0, None)),
    (r"trait(\d+|_[a-zA-Z0-9_-]+)?:[A-Z0-9_]+", ("enum", ("required", "forbidden"))),
    (r"group_policy", ("enum", ("isolate", "none"))),
    (r"accel:device_profile", ("any",)),
    (r"pci_passthrough:alias", ("any",)),
    (r"aggregate_instance_extra_specs:.+", ("any",)),
    (r"capabilities:.+", ("any",)),
    (r"os:secure_boot", ("enum", ("required", "disabled", "optional"))),
]
_NAMESPACES = ("hw", "hw_rng", "hw_video", "quota", "resources", "trait", "accel", "pci_passthrough", "os")


def check_extra_spec(name: str, value: Any) -> None:
    """Nova's validators.validate: known keys get their value checked, unknown keys of a known
    namespace are refused, keys of other namespaces pass."""
    value = str(value)
    for pattern, rule in _VALIDATORS:
        if re.fullmatch(pattern, name):
            kind = rule[0]
            if kind == "enum" and value not in rule[1]:
                raise ApiError(400, f"Validation failed; '{value}' is not one of: {list(rule[1])}.")
            if kind == "bool" and not is_bool_like(value):
                raise ApiError(400, f"Validation failed; '{value}' is not a valid boolean-like value.")
            if kind == "regex" and not re.fullmatch(rule[1], value):
                raise ApiError(400, f"Validation failed; '{value}' is not of the format '{rule[1]}'.")
            if kind == "int":
                try:
                    number = int(value)
                except ValueError:
                    raise ApiError(400, f"Validation failed; '{value}' is not a valid integer value.") from None
                if rule[1] is not None and number < rule[1]:
                    raise ApiError(400, f"Validation failed; '{value}' is less than the min value of '{rule[1]}'.")
            return
    if ":" not in name:
        return
    namespace = re.sub(r"(\d+|_[a-zA-Z0-9_-]+)$", "", name.split(":", 1)[0]) if name.startswith(
        ("resources", "trait")) else name.split(":", 1)[0]
    if namespace in _NAMESPACES:
        raise ApiError(400, f"Validation failed; extra spec '{name}' does not appear to be a valid extra spec.")


def _check_values(req: Req, specs: dict[str, Any]) -> dict[str, str]:
    out = {}
    for name, value in specs.items():
        if isinstance(value, bool):
            value = str(value)
        text = str(value)
        if len(text) > 255:
            raise ApiError(400, "Invalid input received: extra_specs value has more than 255 characters.")
        if req.at_least(2, 86):
            check_extra_spec(name, text)
        out[name] = text
    return out


def _save(conn: Any, flavor_id: str, specs: dict[str, str]) -> None:
    conn.execute(t.flavors.update().where(t.flavors.c.id == flavor_id).values(extra_specs=specs))


async def index(req: Req) -> Any:
    req.authorize("os_compute_api:os-flavor-extra-specs:index", {"project_id": req.context.project_id})
    with req.cloud.store.read() as conn:
        flavor = get_flavor(req, conn, req.params["flavor_id"])
    return {"extra_specs": dict(flavor["extra_specs"] or {})}


async def create(req: Req) -> Any:
    req.authorize("os_compute_api:os-flavor-extra-specs:create")
    specs = _check_values(req, validate(await req.json(), schemas.create)["extra_specs"])
    with req.cloud.store.begin() as conn:
        flavor = get_flavor(req, conn, req.params["flavor_id"])
        _save(conn, flavor["id"], {**(flavor["extra_specs"] or {}), **specs})
    return {"extra_specs": specs}


async def show(req: Req) -> Any:
    req.authorize("os_compute_api:os-flavor-extra-specs:show", {"project_id": req.context.project_id})
    key = req.params["key"]
    with req.cloud.store.read() as conn:
        flavor = get_flavor(req, conn, req.params["flavor_id"])
    specs = flavor["extra_specs"] or {}
    if key not in specs:
        raise ApiError(404, f"Flavor {req.params['flavor_id']} has no extra specs with key {key}.",
                       "FlavorExtraSpecsNotFound")
    return {key: specs[key]}


async def update(req: Req) -> Any:
    req.authorize("os_compute_api:os-flavor-extra-specs:update")
    body = validate(await req.json(), schemas.update)
    key = req.params["key"]
    specs = _check_values(req, body)
    if key not in specs:
        raise errors.body_uri_mismatch()
    with req.cloud.store.begin() as conn:
        flavor = get_flavor(req, conn, req.params["flavor_id"])
        _save(conn, flavor["id"], {**(flavor["extra_specs"] or {}), **specs})
    return specs


async def delete(req: Req) -> Any:
    req.authorize("os_compute_api:os-flavor-extra-specs:delete")
    key = req.params["key"]
    with req.cloud.store.begin() as conn:
        flavor = get_flavor(req, conn, req.params["flavor_id"])
        specs = dict(flavor["extra_specs"] or {})
        if key not in specs:
            raise ApiError(404, f"Flavor {req.params['flavor_id']} has no extra specs with key {key}.",
                           "FlavorExtraSpecsNotFound")
        del specs[key]
        _save(conn, flavor["id"], specs)
    return empty(200)  # Nova answers 200 with an empty body


