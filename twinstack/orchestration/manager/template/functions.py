"""HOT's intrinsic functions and condition functions, resolved over a context that knows the parameters,
the files, the conditions and (once resources exist) their ids and attributes. Heat raises
StackValidationFailed for a malformed call; so does this, with the function's name in the message."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from twinstack.core.errors import ApiError
from twinstack.orchestration import errors as E


@dataclass
class Scope:
    """What a template's functions can see."""

    params: dict[str, Any]
    files: dict[str, str] = field(default_factory=dict)
    conditions: dict[str, bool] = field(default_factory=dict)
    ref: Callable[[str], Any] = lambda name: None
    attr: Callable[[str, str, list[Any]], Any] = lambda name, attr, path: None
    resources: frozenset[str] = frozenset()


def _fail(fn: str, message: str) -> ApiError:
    return E.validation_failed(f"{fn}: {message}")


def _get_param(arg: Any, s: Scope) -> Any:
    path = arg if isinstance(arg, list) else [arg]
    if not path:
        raise _fail("get_param", "Arguments to \"get_param\" must be of the form [param_name, path...]")
    name = resolve(path[0], s)
    if name not in s.params:
        raise E.parameter_missing(str(name))
    return _walk(s.params[name], [resolve(p, s) for p in path[1:]], "get_param")


def _walk(value: Any, path: list[Any], fn: str) -> Any:
    for key in path:
        if value is None:
            return None
        if isinstance(value, list):
            try:
                value = value[int(key)]
            except (ValueError, IndexError):
                raise _fail(fn, f"path component \"{key}\" is not a valid index") from None
        elif isinstance(value, dict):
            value = value.get(key) if key in value else value.get(str(key))
        else:
            raise _fail(fn, f"\"{key}\" can't traverse path")
    return value


def _get_resource(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, str):
        raise _fail("get_resource", "Argument must be a resource name")
    if s.resources and arg not in s.resources:
        raise E.invalid_reference(arg, "get_resource")
    return s.ref(arg)


def _get_attr(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, list) or len(arg) < 2:
        raise _fail("get_attr", "Arguments to \"get_attr\" must be of the form [resource_name, attribute, "
                                "(path), ...]")
    name = resolve(arg[0], s)
    if s.resources and name not in s.resources:
        raise E.invalid_reference(str(name), "get_attr")
    return s.attr(name, resolve(arg[1], s), [resolve(p, s) for p in arg[2:]])


def select(value: Any, path: list[Any]) -> Any:
    """An attribute's value down a path, as Heat's select_from_attribute: None where the path leads nowhere."""
    for key in path:
        if isinstance(value, dict):
            value = value.get(key, value.get(str(key)))
        elif isinstance(value, list) and not isinstance(key, bool):
            try:
                value = value[int(key)]
            except (ValueError, IndexError, TypeError):
                return None
        else:
            return None
    return value


def _get_file(arg: Any, s: Scope) -> Any:
    if arg not in s.files:
        raise _fail("get_file", f"No content found in the \"files\" section for get_file path: {arg}")
    return s.files[arg]


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def _str_replace(arg: Any, s: Scope, strict: bool = False) -> Any:
    fn = "str_replace_strict" if strict else "str_replace"
    if not isinstance(arg, dict) or "template" not in arg or "params" not in arg:
        raise _fail(fn, f"Arguments to \"{fn}\" must be a map with keys template and params")
    template = resolve(arg["template"], s)
    params = resolve(arg["params"], s)
    if not isinstance(params, dict):
        raise _fail(fn, "\"params\" must be a map")
    text = _text(template)
    for key in sorted(params, key=lambda k: -len(str(k))):
        if strict and str(key) not in text:
            raise _fail(fn, f"The following params were not found in the template: {key}")
        text = text.replace(str(key), _text(params[key]))
    return text


def _list_join(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, list) or len(arg) < 2:
        raise _fail("list_join", "Incorrect arguments to \"list_join\" should be: [delimiter, list, ...]")
    delim = resolve(arg[0], s)
    items: list[str] = []
    for part in arg[1:]:
        value = resolve(part, s)
        if value is None:
            continue
        if not isinstance(value, list):
            raise _fail("list_join", "Incorrect arguments: the lists to join must be lists")
        items += [_text(v) for v in value]
    return str(delim).join(items)


def _repeat(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, dict) or "for_each" not in arg or "template" not in arg:
        raise _fail("repeat", "Arguments to \"repeat\" must be a map with keys for_each and template")
    for_each = resolve(arg["for_each"], s)
    if not isinstance(for_each, dict):
        raise _fail("repeat", "The \"for_each\" argument to \"repeat\" must contain a map")
    keys = list(for_each)
    lists = []
    for key in keys:
        values = for_each[key]
        if not isinstance(values, list):
            raise _fail("repeat", f"The values of the \"for_each\" argument to \"repeat\" must be lists ({key})")
        lists.append(values)
    permutations = arg.get("permutations", True)
    combos = itertools.product(*lists) if permutations else zip(*lists, strict=False)
    return [_substitute(arg["template"], dict(zip(keys, combo, strict=True))) for combo in combos]


def _substitute(template: Any, values: dict[str, Any]) -> Any:
    if isinstance(template, str):
        for key, value in values.items():
            if template == key:
                return value
            template = template.replace(key, _text(value))
        return template
    if isinstance(template, dict):
        return {_substitute(k, values): _substitute(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [_substitute(v, values) for v in template]
    return template


def condition(value: Any, s: Scope) -> bool:
    """A condition: a boolean, a condition's name, or a condition function."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value not in s.conditions:
            raise E.validation_failed(f"Invalid condition \"{value}\"")
        return s.conditions[value]
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        if key in ("equals", "not", "and", "or", "contains", "yaql"):
            return bool(resolve(value, s))
    raise E.validation_failed(f"Invalid condition \"{value}\"")


def _if(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, list) or len(arg) not in (2, 3):
        raise _fail("if", "Arguments to \"if\" must be of the form [condition_name, value_if_true, "
                          "value_if_false]")
    chosen = arg[1] if condition(arg[0], s) else (arg[2] if len(arg) == 3 else None)
    return resolve(chosen, s)


def _equals(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, list) or len(arg) != 2:
        raise _fail("equals", "Arguments to \"equals\" must be of the form: [value_1, value_2]")
    return resolve(arg[0], s) == resolve(arg[1], s)


def _not(arg: Any, s: Scope) -> Any:
    return not condition(arg, s)


def _and(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, list) or len(arg) < 2:
        raise _fail("and", "Arguments to \"and\" must be of the form: [condition_1, condition_2, ...]")
    return all(condition(a, s) for a in arg)


def _or(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, list) or len(arg) < 2:
        raise _fail("or", "Arguments to \"or\" must be of the form: [condition_1, condition_2, ...]")
    return any(condition(a, s) for a in arg)


def _contains(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, list) or len(arg) != 2:
        raise _fail("contains", "Arguments to \"contains\" must be of the form: [value1, [value1, value2]]")
    seq = resolve(arg[1], s)
    if not isinstance(seq, (list, str)):
        raise _fail("contains", "should be a sequence")
    return resolve(arg[0], s) in seq


def _str_split(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, list) or len(arg) not in (2, 3):
        raise _fail("str_split", "Incorrect arguments to \"str_split\" should be: [delimiter, string, index]")
    parts = _text(resolve(arg[1], s)).split(str(resolve(arg[0], s)))
    if len(arg) == 3:
        try:
            return parts[int(resolve(arg[2], s))]
        except (ValueError, IndexError):
            raise _fail("str_split", f"Incorrect index to \"str_split\" should be between 0 and {len(parts) - 1}") \
                from None
    return parts


def _map_merge(arg: Any, s: Scope) -> Any:
    maps = resolve(arg, s)
    if not isinstance(maps, list):
        raise _fail("map_merge", "Incorrect arguments to \"map_merge\" should be: [{'k1': 'v1'}, {'k2': 'v2'}]")
    out: dict[str, Any] = {}
    for m in maps:
        if m is None:
            continue
        if not isinstance(m, dict):
            raise _fail("map_merge", f"Incorrect arguments: Items to merge must be maps. {m} is not a map")
        out.update(m)
    return out


def _map_replace(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, list) or len(arg) != 2:
        raise _fail("map_replace", "Incorrect arguments to \"map_replace\" should be: [map, {keys: {}, values: {}}]")
    src = resolve(arg[0], s)
    rules = resolve(arg[1], s) or {}
    keys, values = rules.get("keys") or {}, rules.get("values") or {}
    return {keys.get(k, k): values.get(v, v) if isinstance(v, (str, int)) else v for k, v in (src or {}).items()}


def _list_concat(arg: Any, s: Scope, unique: bool = False) -> Any:
    lists = resolve(arg, s)
    out: list[Any] = []
    for item in lists or []:
        if item is None:
            continue
        if not isinstance(item, list):
            raise _fail("list_concat", f"Incorrect arguments: Items to concat must be lists. {item} is not a list")
        out += [v for v in item if not unique or v not in out]
    return out


def _digest(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, list) or len(arg) != 2:
        raise _fail("digest", "Argument to function \"digest\" must be a list")
    algorithm, value = resolve(arg[0], s), resolve(arg[1], s)
    try:
        return hashlib.new(str(algorithm), _text(value).encode()).hexdigest()
    except ValueError:
        raise _fail("digest", f"Algorithm must be one of {sorted(hashlib.algorithms_available)}") from None


def _filter(arg: Any, s: Scope) -> Any:
    if not isinstance(arg, list) or len(arg) != 2:
        raise _fail("filter", "Argument to \"filter\" must be a list: [values_to_remove, list]")
    remove, seq = resolve(arg[0], s) or [], resolve(arg[1], s) or []
    return [v for v in seq if v not in remove]


FUNCTIONS: dict[str, Callable[[Any, Scope], Any]] = {
    "get_param": _get_param, "get_resource": _get_resource, "get_attr": _get_attr, "get_file": _get_file,
    "str_replace": _str_replace, "str_replace_strict": lambda a, s: _str_replace(a, s, strict=True),
    "str_replace_vstrict": lambda a, s: _str_replace(a, s, strict=True),
    "list_join": _list_join, "repeat": _repeat, "if": _if, "equals": _equals, "not": _not, "and": _and,
    "or": _or, "contains": _contains, "str_split": _str_split, "map_merge": _map_merge,
    "map_replace": _map_replace, "list_concat": _list_concat,
    "list_concat_unique": lambda a, s: _list_concat(a, s, unique=True), "digest": _digest, "filter": _filter,
}


def resolve(value: Any, s: Scope) -> Any:
    if isinstance(value, dict):
        if len(value) == 1:
            key = next(iter(value))
            fn = FUNCTIONS.get(key)
            if fn is not None:
                return fn(value[key], s)
        return {k: resolve(v, s) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, s) for v in value]
    return value


def references(value: Any) -> set[str]:
    """The resources a definition names through get_resource and get_attr (for the dependency graph)."""
    found: set[str] = set()
    if isinstance(value, dict):
        if len(value) == 1:
            key, arg = next(iter(value.items()))
            if key == "get_resource" and isinstance(arg, str):
                found.add(arg)
            elif key == "get_attr" and isinstance(arg, list) and arg and isinstance(arg[0], str):
                found.add(arg[0])
        for v in value.values():
            found |= references(v)
    elif isinstance(value, list):
        for v in value:
            found |= references(v)
    return found


def attr_references(value: Any) -> list[tuple[str, Any]]:
    """Each ``get_attr`` call's (resource, attribute) that is written literally, for validation."""
    found: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        if len(value) == 1:
            key, arg = next(iter(value.items()))
            if key == "get_attr" and isinstance(arg, list) and len(arg) >= 2 and isinstance(arg[0], str):
                found.append((arg[0], arg[1]))
        for v in value.values():
            found += attr_references(v)
    elif isinstance(value, list):
        for v in value:
            found += attr_references(v)
    return found


def evaluate_conditions(defs: dict[str, Any], s: Scope) -> dict[str, bool]:
    """The conditions section, each evaluated once; a condition may name one evaluated before it."""
    done: dict[str, bool] = {}
    pending = dict(defs)
    while pending:
        progressed = False
        for name in list(pending):
            s.conditions = done
            try:
                done[name] = condition(pending[name], s)
            except ApiError:
                continue
            del pending[name]
            progressed = True
        if not progressed:
            s.conditions = done
            condition(next(iter(pending.values())), s)  # raises the error
    s.conditions = done
    return done


# what ``GET /template_versions/{v}/functions`` says of each (Heat's function classes' first docstring line)
DESCRIPTIONS = {
    "get_param": "A function for resolving parameter references.",
    "get_resource": "A function for resolving resource references.",
    "get_attr": "A function for resolving resource attributes.",
    "get_file": "A function for including a file inline.",
    "str_replace": "A function for performing string substitutions.",
    "str_replace_strict": "A function for performing string substitutions.",
    "str_replace_vstrict": "A function for performing string substitutions.",
    "list_join": "A function for joining one or more lists of strings.",
    "repeat": "A function for iterating over a list of items or a dict of keys.",
    "if": "A function to return corresponding value based on condition evaluation.",
    "equals": "A function for comparing whether two values are equal.",
    "not": "A function that acts as a NOT operator on a condition.",
    "and": "A function that acts as an AND operator on conditions.",
    "or": "A function that acts as an OR operator on conditions.",
    "contains": "A function for checking whether specific value is in sequence.",
    "str_split": "A function for splitting delimited strings into a list.",
    "map_merge": "A function for merging maps.",
    "map_replace": "A function for performing substitutions on maps.",
    "list_concat": "A function for extending lists.",
    "list_concat_unique": "A function for extending lists with unique items.",
    "digest": "A function for performing digest operations.",
    "filter": "A function for filtering out values from lists.",
}
