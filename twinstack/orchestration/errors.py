"""Heat's exceptions (heat/common/exception.py) as API errors: the class name is the fault's ``error.type``,
its status comes from the API's FaultWrapper map, the body from core/errors.py's ``heat`` format."""

from __future__ import annotations

from twinstack.core.errors import ApiError


def bad_request(message: str) -> ApiError:
    return ApiError(400, message, "HTTPBadRequest")


def validation_failed(message: str) -> ApiError:
    """StackValidationFailed: anything wrong with a template, its parameters or its resources' properties."""
    return ApiError(400, message, "StackValidationFailed")


def invalid_template(message: str) -> ApiError:
    return ApiError(400, message, "InvalidTemplateSection")


def invalid_version(message: str) -> ApiError:
    return ApiError(400, message, "InvalidTemplateVersion")


def invalid_reference(resource: str, key: str) -> ApiError:
    return ApiError(400, f'The specified reference "{resource}" (in {key}) is incorrect.', "InvalidTemplateReference")


def invalid_attribute(resource: str, key: str) -> ApiError:
    return ApiError(400, f"The Referenced Attribute ({resource} {key}) is incorrect.", "InvalidTemplateAttribute")


def parameter_missing(name: str) -> ApiError:
    return ApiError(400, f"The Parameter ({name}) was not provided.", "UserParameterMissing")


def unknown_parameter(name: str) -> ApiError:
    return ApiError(400, f"The Parameter ({name}) was not defined in template.", "UnknownUserParameter")


def circular(message: str) -> ApiError:
    return ApiError(400, f"Circular Dependency Found: {message}", "CircularDependencyException")


def not_found(kind: str, name: str) -> ApiError:
    """EntityNotFound: ``The Stack (x) could not be found.``"""
    return ApiError(404, f"The {kind} ({name}) could not be found.", "EntityNotFound")


def stack_not_found(name: str) -> ApiError:
    return not_found("Stack", name)


def resource_not_found(stack: str, name: str) -> ApiError:
    return ApiError(404, f"The Resource ({name}) could not be found in Stack {stack}.", "ResourceNotFound")


def stack_exists(name: str) -> ApiError:
    return ApiError(409, f"The Stack ({name}) already exists.", "StackExists")


def in_progress(name: str, action: str) -> ApiError:
    return ApiError(409, f"Stack {name} already has an action ({action}) in progress.", "ActionInProgress")


def not_supported(message: str) -> ApiError:
    return ApiError(400, message, "NotSupported")
