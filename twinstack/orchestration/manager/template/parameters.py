"""Template parameters as Heat's parameters.py treats them: types, defaults, the values a user gives
(``parameters``) over the environment's ``parameter_defaults``, the constraints (range, length,
allowed_values, allowed_pattern, custom_constraint through a lookup the caller supplies), hidden values,
parameter groups, and the pseudo parameters ``OS::stack_name``, ``OS::stack_id``, ``OS::project_id``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from twinstack.orchestration import errors as E

TYPES = {"string": "String", "number": "Number", "comma_delimited_list": "CommaDelimitedList", "json": "Json",
         "boolean": "Boolean"}
PSEUDO = ("OS::stack_name", "OS::stack_id", "OS::project_id")
KEYS = ("type", "label", "description", "default", "hidden", "constraints", "immutable", "tags")
CONSTRAINTS = ("range", "length", "allowed_values", "allowed_pattern", "custom_constraint", "modulo")

# which types each constraint applies to (heat/engine/constraints.py: Range on numbers, Length on strings and lists...)
_APPLIES = {"range": ("number",), "modulo": ("number",), "length": ("string", "comma_delimited_list", "json"),
            "allowed_pattern": ("string",)}

# custom_constraint name -> a check raising ValueError(reason) (heat's constraint plugins, the cheap ones)
CustomCheck = Callable[[str, Any], None]


def check_schema(params: dict[str, Any]) -> None:
    for name, schema in params.items():
        if not isinstance(schema, dict):
            raise E.validation_failed(f"Parameter {name} must be a map")
        for key in schema:
            if key not in KEYS:
                raise E.validation_failed(f'Invalid key \'{key}\' for parameter ({name})')
        kind = schema.get("type")
        if kind is None:
            raise E.validation_failed(f"Missing parameter type for parameter: {name}")
        if kind not in TYPES:
            raise E.validation_failed(f"Invalid type ({kind})")
        constraints = schema.get("constraints") or []
        if not isinstance(constraints, list):
            raise E.validation_failed(f"Invalid parameter constraints for parameter {name}, expected a list")
        for item in constraints:
            if not isinstance(item, dict) or not any(k in item for k in CONSTRAINTS):
                raise E.validation_failed(f"Invalid parameter constraints for parameter {name}")
            for key in item:
                allowed = _APPLIES.get(key)
                if allowed is not None and kind not in allowed:
                    raise E.validation_failed(f"Invalid parameter constraints for parameter {name}: {key} constraint "
                                              f"invalid for parameter type {kind}")
            for key in ("range", "length", "modulo"):
                if key in item and (not isinstance(item[key], dict) or not all(
                        isinstance(v, (int, float)) and not isinstance(v, bool) for v in item[key].values())):
                    raise E.validation_failed(f"Invalid parameter constraints for parameter {name}: {key} takes "
                                              "numbers (min, max)")
            if "allowed_pattern" in item:
                try:
                    re.compile(str(item["allowed_pattern"]))
                except re.error as exc:
                    raise E.validation_failed(f"Invalid parameter constraints for parameter {name}: "
                                              f"allowed_pattern: {exc}") from None
            if "allowed_values" in item and not isinstance(item["allowed_values"], list):
                raise E.validation_failed(f"Invalid parameter constraints for parameter {name}: allowed_values must "
                                          "be a list")
        if "default" in schema and schema["default"] is not None:
            try:
                coerce(kind, schema["default"])
                check_constraints(name, kind, coerce(kind, schema["default"]), constraints, None)
            except ValueError as exc:
                raise E.validation_failed(f"Invalid default {schema['default']} ({name}): {exc}") from None


def coerce(kind: str, value: Any) -> Any:
    """The value as the type holds it; ValueError(reason) when it is not one."""
    if kind == "string":
        if isinstance(value, (dict, list)):
            raise ValueError(f"Value must be a string; got {json.dumps(value)}")
        return value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    if kind == "number":
        if isinstance(value, bool):
            raise ValueError(f"Value '{value}' is not an integer")
        if isinstance(value, (int, float)):
            return value
        try:
            text = str(value).strip()
            return int(text) if re.fullmatch(r"[-+]?\d+", text) else float(text)
        except ValueError:
            raise ValueError(f"could not convert string to float: '{value}'") from None
    if kind == "comma_delimited_list":
        if isinstance(value, list):
            return [str(v) for v in value]
        text = str(value)
        return [part.strip() for part in text.split(",")] if text else []
    if kind == "json":
        if isinstance(value, (dict, list)):
            return value
        try:
            parsed = json.loads(str(value))
        except ValueError as exc:
            raise ValueError(f"Value must be valid JSON: {exc}") from None
        if not isinstance(parsed, (dict, list)):
            raise ValueError("Value must be valid JSON: a map or a list")
        return parsed
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in ("true", "yes", "on", "1", "t", "y"):
        return True
    if text in ("false", "no", "off", "0", "f", "n"):
        return False
    raise ValueError(f"Unrecognized value \"{value}\", acceptable values are: true, false.")


def check_constraints(name: str, kind: str, value: Any, constraints: list[dict[str, Any]],
                      custom: dict[str, CustomCheck] | None) -> None:
    """ValueError with Heat's wording (or the constraint's description) for the first one broken."""
    for item in constraints:
        reason = _broken(kind, value, item, custom)
        if reason is not None:
            raise ValueError(item.get("description") or reason)


def _broken(kind: str, value: Any, item: dict[str, Any], custom: dict[str, CustomCheck] | None) -> str | None:
    if "range" in item:
        low, high = item["range"].get("min"), item["range"].get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            return f"{value} is out of range (min: {low}, max: {high})"
    if "length" in item:
        low, high = item["length"].get("min"), item["length"].get("max")
        size = len(value)
        if (low is not None and size < low) or (high is not None and size > high):
            return f"length ({size}) is out of range (min: {low}, max: {high})"
    if "allowed_values" in item:
        allowed = item["allowed_values"]
        values = value if kind == "comma_delimited_list" else [value]
        for v in values:
            if v not in allowed and str(v) not in [str(a) for a in allowed]:
                return f'"{v}" is not an allowed value [{", ".join(str(a) for a in allowed)}]'
    if "allowed_pattern" in item:
        pattern = item["allowed_pattern"]
        if re.fullmatch(pattern, str(value)) is None:
            return f'"{value}" does not match pattern "{pattern}"'
    if "modulo" in item:
        step, offset = item["modulo"].get("step", 1), item["modulo"].get("offset", 0)
        if step and (value - offset) % step:
            return f"{value} is not a multiple of {step} with an offset of {offset})"
    if "custom_constraint" in item and custom is not None:
        check = custom.get(item["custom_constraint"])
        if check is not None:
            try:
                check(item["custom_constraint"], value)
            except ValueError as exc:
                return str(exc)
    return None


def resolve(schema: dict[str, Any], given: dict[str, Any], defaults: dict[str, Any], pseudo: dict[str, Any],
            custom: dict[str, CustomCheck] | None = None, strict: bool = True) -> dict[str, Any]:
    """Every template parameter's value (the pseudo parameters too). ``strict``: a value given for a parameter
    the template lacks is refused (UnknownUserParameter), as Heat does for ``parameters``."""
    if strict:
        for name in given:
            if name not in schema:
                raise E.unknown_parameter(name)
    out: dict[str, Any] = dict(pseudo)
    for name, spec in schema.items():
        kind = spec["type"]
        if name in given:
            raw = given[name]
        elif name in defaults:
            raw = defaults[name]
        elif "default" in spec:
            raw = spec["default"]
        else:
            raise E.parameter_missing(name)
        if raw is None:
            out[name] = None if kind != "comma_delimited_list" else []
            continue
        try:
            value = coerce(kind, raw)
            check_constraints(name, kind, value, spec.get("constraints") or [], custom)
        except ValueError as exc:
            raise E.validation_failed(f"Parameter '{name}' is invalid: {exc}") from None
        out[name] = value
    return out


def shown(schema: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """A stack's ``parameters`` as Heat shows them: every value a string, hidden ones as asterisks."""
    out = {}
    for name, value in values.items():
        if schema.get(name, {}).get("hidden"):
            out[name] = "******"
        elif isinstance(value, list) and schema.get(name, {}).get("type") == "comma_delimited_list":
            out[name] = ",".join(str(v) for v in value)
        elif isinstance(value, (dict, list)):
            out[name] = json.dumps(value)
        elif isinstance(value, bool):
            out[name] = str(value)
        else:
            out[name] = "" if value is None else str(value)
    return out


def check_groups(groups: Any, schema: dict[str, Any]) -> None:
    if groups is None:
        return
    if not isinstance(groups, list):
        raise E.validation_failed("Parameter Groups error: parameter_groups must be a list.")
    seen: set[str] = set()
    for group in groups:
        if not isinstance(group, dict):
            raise E.validation_failed("Parameter Groups error: each group must be a map.")
        names = group.get("parameters")
        if not isinstance(names, list):
            raise E.validation_failed("Parameter Groups error: parameters must be provided for each parameter "
                                      "group.")
        for name in names:
            if name in seen:
                raise E.validation_failed(f"Parameter Groups error: parameter_groups.{group.get('label', '')}: "
                                          f"The {name} parameter must be assigned to one parameter group only.")
            if name not in schema:
                raise E.validation_failed(f"Parameter Groups error: parameter_groups.{group.get('label', '')}: "
                                          f"The grouped parameter {name} does not reference a valid parameter.")
            seen.add(name)


def validate_view(schema: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """A parameter as ``POST /validate`` describes it (Heat's CFN-style keys)."""
    out: dict[str, Any] = {}
    for name, spec in schema.items():
        item: dict[str, Any] = {"Type": TYPES[spec["type"]], "Description": spec.get("description", ""),
                                "Label": spec.get("label", name), "NoEcho": "true" if spec.get("hidden") else "false"}
        if "default" in spec:
            item["Default"] = spec["default"]
        if name in given:
            item["Value"] = given[name]
        for c in spec.get("constraints") or []:
            if "range" in c:
                item.update({k: v for k, v in (("MinValue", c["range"].get("min")),
                                               ("MaxValue", c["range"].get("max"))) if v is not None})
            if "length" in c:
                item.update({k: v for k, v in (("MinLength", c["length"].get("min")),
                                               ("MaxLength", c["length"].get("max"))) if v is not None})
            if "allowed_values" in c:
                item["AllowedValues"] = c["allowed_values"]
            if "allowed_pattern" in c:
                item["AllowedPattern"] = c["allowed_pattern"]
            if "custom_constraint" in c:
                item["CustomConstraint"] = c["custom_constraint"]
            if "description" in c:
                item["ConstraintDescription"] = c["description"]
        out[name] = item
    return out
