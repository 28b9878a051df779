"""Neutron's exceptions (neutron_lib/exceptions), as ApiErrors: the ``type`` clients read is the kind."""

from __future__ import annotations

from twinstack.core.errors import ApiError


def bad(message: str, kind: str = "BadRequest") -> ApiError:
    return ApiError(400, message, kind)


def invalid_input(reason: str) -> ApiError:
    return ApiError(400, f"Invalid input for operation: {reason}.", "InvalidInput")


def not_found(kind: str, id_: str, message: str | None = None) -> ApiError:
    return ApiError(404, message or f"{kind} {id_} could not be found.", f"{kind.replace(' ', '')}NotFound")


def in_use(message: str, kind: str) -> ApiError:
    return ApiError(409, message, kind)


def network_in_use(net_id: str) -> ApiError:
    return ApiError(409, f"Unable to complete operation on network {net_id}. There are one or more ports "
                    "still in use on the network.", "NetworkInUse")


def subnet_in_use(subnet_id: str) -> ApiError:
    return ApiError(409, f"Unable to complete operation on subnet {subnet_id}: One or more ports have an "
                    "IP allocation from this subnet.", "SubnetInUse")


def ip_generation_failure(net_id: str) -> ApiError:
    return ApiError(409, f"No more IP addresses available on network {net_id}.", "IpAddressGenerationFailure")


def ip_already_allocated(ip: str, subnet_id: str) -> ApiError:
    return ApiError(409, f"IP address {ip} already allocated in subnet {subnet_id}", "IpAddressAlreadyAllocated")


def invalid_ip_for_subnet(ip: str) -> ApiError:
    return ApiError(400, f"IP address {ip} is not a valid IP for the specified subnet.", "InvalidIpForSubnet")


def mac_in_use(mac: str, net_id: str) -> ApiError:
    return ApiError(409, f"Unable to complete operation for network {net_id}. The mac address {mac} is in use.",
                    "MacAddressInUse")


def over_quota(resource: str) -> ApiError:
    return ApiError(409, f"Quota exceeded for resources: ['{resource}'].", "OverQuota")


def hidden() -> ApiError:
    """Neutron's answer when policy forbids even seeing a resource: it pretends it does not exist."""
    return ApiError(404, "The resource could not be found.", "HTTPNotFound")


def policy(rule: str) -> ApiError:
    return ApiError(403, f"Policy doesn't allow {rule} to be performed.", "PolicyNotAuthorized")


def revision_mismatch(wanted: int, current: int) -> ApiError:
    return ApiError(412, f"Constrained to revision number {wanted} but current revision is {current}.",
                    "RevisionNumberConstraintFailed")
