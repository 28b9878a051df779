"""Octavia's API exceptions (octavia/common/exceptions.py): a status and Octavia's wording each, rendered
by core/errors.py's ``octavia`` format as WSME's ``{"faultcode", "faultstring", "debuginfo"}``."""

from __future__ import annotations

from twinstack.core.errors import ApiError

# the names Octavia's ``_name()`` gives each object in messages
NAMES = {"loadbalancer": "Load Balancer", "listener": "Listener", "pool": "Pool", "member": "Member",
         "healthmonitor": "Health Monitor", "l7policy": "L7 Policy", "l7rule": "L7 Rule", "amphora": "Amphora",
         "flavor": "Flavor", "flavorprofile": "Flavor profile", "availability_zone": "Availability Zone",
         "availability_zone_profile": "Availability Zone Profile", "quota": "Quota"}


def not_found(kind: str, id_: str) -> ApiError:
    return ApiError(404, f"{NAMES.get(kind, kind)} {id_} not found.", "NotFound")


def invalid_subresource(kind: str, id_: str) -> ApiError:
    """A reference in a body (a pool's listener, a member's subnet) that does not exist: a 400."""
    return ApiError(400, f"{NAMES.get(kind, kind)} {id_} not found.", "InvalidSubresource")


def forbidden() -> ApiError:
    return ApiError(403, "Policy does not allow this request to be performed.", "PolicyForbidden")


def invalid_input(field: str, value: object, reason: str = "") -> ApiError:
    """WSME's answer to a body field it cannot take."""
    detail = f": {reason}" if reason else ""
    return ApiError(400, f"Invalid input for field/attribute {field}. Value: '{value}'{detail}", "InvalidInput")


def unknown_attribute(names: list[str], where: str) -> ApiError:
    return ApiError(400, f"Unknown attribute for argument {where}: {', '.join(sorted(names))}", "UnknownAttribute")


def missing(field: str) -> ApiError:
    return ApiError(400, f"Invalid input for field/attribute {field}. Value: 'None'. Mandatory field missing.",
                    "InvalidInput")


def validation(detail: str) -> ApiError:
    return ApiError(400, f"Validation failure: {detail}", "ValidationException")


def invalid_option(value: object, option: str) -> ApiError:
    return ApiError(400, f"{value} is not a valid option for {option}", "InvalidOption")


def immutable(kind: str, id_: str) -> ApiError:
    return ApiError(409, f"{NAMES.get(kind, kind)} {id_} is immutable and cannot be updated.", "ImmutableObject")


def in_use(kind: str, id_: str) -> ApiError:
    return ApiError(409, f"{NAMES.get(kind, kind)} {id_} is in use and cannot be modified.", "ObjectInUse")


def conflict(message: str, kind: str = "Conflict") -> ApiError:
    return ApiError(409, message, kind)


def bad_request(message: str, kind: str = "BadRequest") -> ApiError:
    return ApiError(400, message, kind)


def quota(resource: str) -> ApiError:
    return ApiError(403, f"Quota has been met for resources: {resource}", "QuotaException")


def invalid_filter() -> ApiError:
    return ApiError(400, "One or more arguments are either duplicate or invalid", "InvalidFilterArgument")


def invalid_sort_key(key: str) -> ApiError:
    return ApiError(400, f"Supplied sort key '{key}' is not valid.", "InvalidSortKey")


def invalid_sort_dir(key: str) -> ApiError:
    return ApiError(400, f"Supplied sort direction '{key}' is not valid.", "InvalidSortDirection")


def invalid_marker(key: str) -> ApiError:
    return ApiError(400, f"Supplied pagination marker '{key}' is not valid.", "InvalidMarker")


def invalid_limit(key: str) -> ApiError:
    return ApiError(400, f"Supplied pagination limit '{key}' is not valid.", "InvalidLimit")


def unsupported(message: str) -> ApiError:
    """The provider cannot do what was asked (ProviderUnsupportedOptionError)."""
    return ApiError(501, f"Provider 'amphora' does not support a requested option: {message}",
                    "ProviderUnsupportedOptionError")
