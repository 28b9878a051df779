"""What a resource type is to the engine: its properties schema (for validation, the update diff and
``GET /resource_types/{type}``), its attributes, and create/update/delete steps that act on the other
services through their local.py, with the stack owner's context. Long steps poll on the cloud clock."""

from __future__ import annotations

import secrets
import string
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from twinstack.core.errors import ApiError
from twinstack.orchestration import errors as E

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.core.context import Context

POLL_SECONDS = 0.05  # cloud time between two looks at a server or volume (Heat backs off from 1 s)
POLL_LIMIT = 24000  # looks before a step gives up (20 min of real time at the interval above)


class ResourceFailure(Exception):
    """A resource step failed; ``kind`` is the exception class Heat names in the reason."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def from_api_error(err: ApiError) -> ResourceFailure:
    """A service's refusal as the client library Heat uses would raise it (neutronclient's Conflict, ...)."""
    names = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict",
             413: "OverLimit"}
    return ResourceFailure(names.get(err.status, "InternalServerError"), err.message)


@dataclass(frozen=True)
class Prop:
    type: str  # String, Integer, Number, Boolean, List, Map
    description: str = ""
    required: bool = False
    default: Any = None
    update_allowed: bool = False
    immutable: bool = False
    allowed: tuple[Any, ...] = ()


@dataclass
class ResourceContext:
    """One resource while a step runs on it."""

    cloud: Cloud
    caller: Context
    stack: dict[str, Any]  # id, name, project_id
    name: str
    type: str
    props: dict[str, Any]
    physical_id: str | None
    data: dict[str, Any] = field(default_factory=dict)
    save: Callable[[ResourceContext], None] = lambda rc: None
    # for types that run a nested stack (ResourceGroup): create, update or delete it
    nested: Callable[..., Awaitable[Any]] | None = None
    definition: dict[str, Any] = field(default_factory=dict)  # the template's, as prepared
    files: dict[str, str] = field(default_factory=dict)  # the stack's files (a template resource's template)

    def set_id(self, physical_id: str | None) -> None:
        """Record the physical id at once, so that a failed or interrupted create can still be deleted."""
        self.physical_id = physical_id
        self.save(self)

    def physical_name(self) -> str:
        """Heat's ``<stack>-<resource>-<12 random>`` name, kept for the resource's life."""
        if "physical_name" not in self.data:
            short = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(12))
            self.data["physical_name"] = f"{self.stack['name']}-{self.name}-{short}"
        return str(self.data["physical_name"])

    async def poll(self, done: Callable[[], bool]) -> None:
        """Look until ``done()`` (which raises ResourceFailure when the resource fails), on the cloud clock."""
        for _ in range(POLL_LIMIT):
            if done():
                return
            await self.cloud.clock.sleep(POLL_SECONDS)
        raise ResourceFailure("Timeout", "Resource did not reach its expected state in time")

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A service call whose refusal fails the resource."""
        try:
            result = fn(*args, **kwargs)
            if isinstance(result, Awaitable):
                result = await result
            return result
        except ApiError as err:
            raise from_api_error(err) from None


class Plugin:
    type_name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    properties: ClassVar[dict[str, Prop]] = {}
    attributes: ClassVar[dict[str, str]] = {}
    open_properties: ClassVar[bool] = False  # accepts any property (OS::Heat::None)
    open_attributes: ClassVar[bool] = False  # any attribute name (a group's: its members')
    # replace by deleting the old one first (a name that must stay unique: key pairs, flavors)
    delete_first: ClassVar[bool] = False

    async def create(self, rc: ResourceContext) -> None:
        """Make the resource; set ``rc.physical_id``; return once it is complete."""

    async def update(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> None:
        """Apply ``changed`` (each an update_allowed property) in place; ``rc.props`` are the new ones."""

    async def delete(self, rc: ResourceContext) -> None:
        """Remove the resource; one already gone is not an error."""

    async def prepare_for_replace(self, rc: ResourceContext) -> None:
        """Before the replacement is made, free what the old one holds that the new one will want."""

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        return rc.data.get(name)

    def attribute_at(self, rc: ResourceContext, name: str, path: list[Any]) -> tuple[Any, list[Any]]:
        """The attribute, and what is left of get_attr's path to walk in it. A type whose attribute takes
        the next element as its argument (ResourceGroup's ``attributes``) consumes it here."""
        return self.attribute(rc, name), path

    def reference(self, rc: ResourceContext) -> Any:
        """What ``get_resource`` gives: the physical id, for most types."""
        return rc.physical_id

    def needs_replace(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> bool:
        return any(not self.properties.get(k, Prop("String", update_allowed=self.open_properties)).update_allowed
                   for k in changed)

    # the schema as ``GET /resource_types/{type}`` shows it
    @classmethod
    def schema(cls) -> dict[str, Any]:
        props = {}
        for name, p in cls.properties.items():
            item: dict[str, Any] = {"type": p.type.lower(), "description": p.description, "required": p.required,
                                    "update_allowed": p.update_allowed, "immutable": p.immutable}
            if p.default is not None:
                item["default"] = p.default
            if p.allowed:
                item["constraints"] = [{"allowed_values": list(p.allowed)}]
            props[name] = item
        attrs = {name: {"description": desc} for name, desc in cls.attributes.items()}
        attrs["show"] = {"description": "Detailed information about resource.", "type": "map"}
        return {"resource_type": cls.type_name, "properties": props, "attributes": attrs,
                "support_status": {"status": "SUPPORTED", "version": None, "message": None, "previous_status": None},
                "description": cls.description}


def ignore_missing(err: ResourceFailure) -> None:
    if err.kind != "NotFound":
        raise err


async def delete_quietly(rc: ResourceContext, fn: Callable[..., Any], *args: Any) -> None:
    """A delete whose target is already gone succeeds (Heat's client plugins ignore NotFound)."""
    try:
        await rc.call(fn, *args)
    except ResourceFailure as err:
        ignore_missing(err)


# -- property checks ----------------------------------------------------------------------------------
class _Runtime:
    """What get_resource and get_attr stand for while a template is checked: known only once it runs."""

    def __repr__(self) -> str:
        return "<runtime value>"

    def __str__(self) -> str:
        return ""


RUNTIME: Any = _Runtime()


def _is_function(value: Any) -> bool:
    if value is RUNTIME:
        return True
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in _FUNCTION_NAMES


_FUNCTION_NAMES = {"get_param", "get_resource", "get_attr", "get_file", "str_replace", "str_replace_strict",
                   "list_join", "repeat", "if", "str_split", "map_merge", "map_replace", "list_concat",
                   "list_concat_unique", "digest", "filter", "equals", "not", "and", "or", "contains",
                   "str_replace_vstrict"}


def coerce(plugin: type[Plugin], resource: str, given: dict[str, Any], final: bool) -> dict[str, Any]:
    """The properties with defaults filled in and scalar types coerced; Heat's ``Property error`` for an
    unknown, missing or mistyped one. ``final``: every function has been resolved (else those are left)."""
    prefix = f"Property error: resources.{resource}.properties"
    if plugin.open_properties:
        return dict(given)
    out: dict[str, Any] = {}
    for key in given:
        if key not in plugin.properties:
            raise E.validation_failed(f"{prefix}: Unknown Property {key}")
    for key, p in plugin.properties.items():
        value = given.get(key)
        if value is None:
            if p.required and (final or key not in given):
                    raise E.validation_failed(f"{prefix}: Property {key} not assigned")
            out[key] = p.default
            continue
        if _is_function(value) or (not final and _has_function(value)):
            out[key] = value
            continue
        out[key] = _typed(prefix, key, p, value)
    return out


def _has_function(value: Any) -> bool:
    if _is_function(value):
        return True
    if isinstance(value, dict):
        return any(_has_function(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_function(v) for v in value)
    return False


def _typed(prefix: str, key: str, p: Prop, value: Any) -> Any:
    def bad(reason: str) -> ApiError:
        return E.validation_failed(f"{prefix}.{key}: {reason}")

    if p.type == "String":
        if isinstance(value, (dict, list)):
            raise bad(f"Value must be a string; got {value!r}")
        value = str(value).lower() if isinstance(value, bool) else str(value)
    elif p.type == "Integer":
        try:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            value = int(value)
        except (TypeError, ValueError):
            raise bad(f"Value '{value}' is not an integer") from None
    elif p.type == "Number":
        try:
            value = float(value) if "." in str(value) else int(value)
        except (TypeError, ValueError):
            raise bad(f"Value '{value}' is not a number") from None
    elif p.type == "Boolean":
        text = str(value).lower()
        if text not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
            raise bad(f"Unrecognized value \"{value}\", acceptable values are: true, false.")
        value = text in ("true", "1", "yes", "on")
    elif p.type == "List":
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",")] if value else []
        if not isinstance(value, list):
            raise bad(f'"{value}" is not a list')
    elif p.type == "Map" and not isinstance(value, dict):
        raise bad(f'"{value}" is not a map')
    if p.allowed and value not in p.allowed:
        raise bad(f'"{value}" is not an allowed value [{", ".join(str(a) for a in p.allowed)}]')
    return value
