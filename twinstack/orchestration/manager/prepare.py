"""A template made ready to run: parsed and checked, its parameters resolved against the environment,
its conditions evaluated, the resources that exist under them, their dependency graph, and each
resource's literal properties checked against its type's schema (Heat validates all this before it
answers a create, an update, a preview or a validate)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from twinstack.core.errors import ApiError
from twinstack.orchestration import errors as E
from twinstack.orchestration.manager.resources import REGISTRY, plugin_for
from twinstack.orchestration.manager.resources.base import RUNTIME, coerce
from twinstack.orchestration.manager.template import functions, graph, hot, parameters
from twinstack.orchestration.manager.template.functions import Scope


@dataclass
class Prepared:
    template: dict[str, Any]
    version: str
    params: dict[str, Any]
    conditions: dict[str, bool]
    definitions: dict[str, dict[str, Any]]  # the resources that exist under the conditions
    needs: dict[str, set[str]]
    files: dict[str, str] = field(default_factory=dict)
    environment: dict[str, Any] = field(default_factory=dict)

    def scope(self, **kwargs: Any) -> Scope:
        return Scope(self.params, self.files, dict(self.conditions), resources=frozenset(self.definitions),
                     **kwargs)

    def outputs(self) -> dict[str, dict[str, Any]]:
        return dict(self.template.get("outputs") or {})


def environment(env: Any, files: dict[str, str]) -> dict[str, Any]:
    """The environment as a mapping with Heat's sections; a text environment is parsed as YAML."""
    if env is None:
        env = {}
    if isinstance(env, str):
        env = hot.load(env) if env.strip() else {}
    if not isinstance(env, dict):
        raise E.bad_request("The environment is not a valid YAML mapping data type.")
    for key in env:
        if key not in ("parameters", "parameter_defaults", "resource_registry", "event_sinks",
                       "encrypted_param_names", "parameter_merge_strategies"):
            raise E.bad_request(f"environment has unknown section \"{key}\"")
    return env


def merge_environments(base: dict[str, Any], files: dict[str, str], names: list[str]) -> dict[str, Any]:
    """``environment_files``: each named file (from ``files``) merged over the one before, then ``base``."""
    out: dict[str, Any] = {}
    for name in names:
        if name not in files:
            raise E.bad_request(f"Could not fetch remote template \"{name}\": not in files")
        _merge(out, environment(files[name], files))
    _merge(out, base)
    return out


def _merge(into: dict[str, Any], env: dict[str, Any]) -> None:
    for key, value in env.items():
        if isinstance(value, dict):
            into.setdefault(key, {}).update(value)
        else:
            into[key] = value


TEMPLATE_SUFFIXES = (".yaml", ".yml", ".template", ".json")


def _registry_type(env: dict[str, Any], files: dict[str, str], kind: str) -> tuple[str, str | None]:
    """The type a resource runs as, and the template (a name in ``files``) when it is a template resource:
    resource_registry maps a type to another type or to a template file; a type may name a file itself."""
    mapped = (env.get("resource_registry") or {}).get(kind)
    if isinstance(mapped, str) and mapped.startswith("OS::"):
        return mapped, None
    target = mapped if isinstance(mapped, str) and mapped else kind
    if target in files or target.endswith(TEMPLATE_SUFFIXES):
        if target not in files:
            raise E.validation_failed(f'Could not fetch remote template "{target}": this cloud reads templates '
                                      "from the request's files only")
        return kind, target
    return kind, None


def prepare(template: Any, files: dict[str, str] | None, env: dict[str, Any], given: dict[str, Any],
            pseudo: dict[str, Any], custom: dict[str, Any] | None = None, strict: bool = True) -> Prepared:
    tmpl = hot.load(template)
    version = hot.check(tmpl)
    files = dict(files or {})
    schema = tmpl.get("parameters") or {}
    parameters.check_schema(schema)
    parameters.check_groups(tmpl.get("parameter_groups"), schema)
    defaults = dict(env.get("parameter_defaults") or {})
    values = {**(env.get("parameters") or {}), **given}
    params = parameters.resolve(schema, values, {k: v for k, v in defaults.items() if k in schema}, pseudo, custom,
                                strict=strict)
    scope = Scope(params, files, {})
    conditions = functions.evaluate_conditions(dict(tmpl.get("conditions") or {}), scope)
    definitions: dict[str, dict[str, Any]] = {}
    for name, definition in (tmpl.get("resources") or {}).items():
        if "condition" in definition and not functions.condition(definition["condition"], scope):
            continue
        kind, template_file = _registry_type(env, files, str(definition["type"]))
        if kind not in REGISTRY and template_file is None:
            raise E.validation_failed(f"The Resource Type ({definition['type']}) could not be found.")
        definitions[name] = {**definition, "type": kind}
        if template_file is not None:
            definitions[name]["template_file"] = template_file
    needs = graph.requirements(definitions)
    graph.waves(needs)
    prepared = Prepared(tmpl, version, params, conditions, definitions, needs, files, env)
    check_definitions(prepared)
    return prepared


def check_definitions(p: Prepared) -> None:
    """Properties known and typed, attributes named in get_attr known, as far as literal values go."""
    scope = p.scope(ref=lambda name: RUNTIME, attr=lambda name, attr, path: RUNTIME)
    for name, definition in p.definitions.items():
        plugin = plugin_for(definition["type"])
        props = definition.get("properties") or {}
        resolved = {}
        for key, value in props.items():
            try:
                resolved[key] = functions.resolve(value, scope)
            except ApiError as err:
                raise E.validation_failed(f"Property error: : resources.{name}.properties.{key}: : "
                                          f"{err.message}") from None
        coerce(plugin, name, resolved, final=False)
        for res, attr in functions.attr_references(props):
            _check_attr(p, res, attr)
    for out in p.outputs().values():
        for res, attr in functions.attr_references(out):
            _check_attr(p, res, attr)


def _check_attr(p: Prepared, res: str, attr: Any) -> None:
    if res not in p.definitions or not isinstance(attr, str):
        return
    plugin = plugin_for(p.definitions[res]["type"])
    if plugin.open_properties or plugin.open_attributes or attr == "show":
        return
    if plugin.attributes and attr not in plugin.attributes:
        raise E.invalid_attribute(res, attr)
