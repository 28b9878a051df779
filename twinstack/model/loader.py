"""Reading model files: YAML, layered (later files override earlier), validated with precise errors.

Layering rule: mappings merge key by key; lists of mappings that carry a ``name`` (or ``id``) merge
item by item on it (a later item merges into the earlier one of the same name); lists of other
mappings (role assignments, fault rules) add up, without repeats; any other value replaces.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from twinstack.model.schema import CloudModel

DEFAULTS_DIR = Path(__file__).with_name("defaults")
# Built-in layers a user names instead of a path (``--model tempest``): what a deployment tool adds
# on top of DevStack's defaults.
PROFILES_DIR = Path(__file__).with_name("profiles")
# The built-in default model, one file per section (each owned by its service), merged in this order.
DEFAULT_PARTS = ("identity", "compute", "image", "network", "block_storage", "load_balancer")


def default_model_data() -> dict[str, Any]:
    data: dict[str, Any] = {}
    for part in DEFAULT_PARTS:
        path = DEFAULTS_DIR / f"{part}.yaml"
        if path.exists():
            data = merge(data, read_yaml(str(path)))
    return data


def default_model_text() -> str:
    return yaml.safe_dump(default_model_data(), sort_keys=False)


class ModelError(Exception):
    """A model that cannot be used; ``errors`` lists every problem, each naming its place."""

    def __init__(self, source: str, errors: list[str]) -> None:
        self.source = source
        self.errors = errors
        super().__init__(f"{source}: " + "; ".join(errors))


def profiles() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


def resolve(path: str) -> str:
    """A model file's path, or the built-in profile of that name when no such file exists."""
    if not Path(path).exists() and (PROFILES_DIR / f"{path}.yaml").exists():
        return str(PROFILES_DIR / f"{path}.yaml")
    return path


# yaml.safe_load's loader with libyaml's parser, where PyYAML was built with it: the same safe constructor
# and resolver, ~8x faster (the default model's files took ~14 ms to parse in pure Python at start-up)
_FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_FastSafeLoader)  # a safe loader: the safe constructor
    except yaml.YAMLError:
        return yaml.safe_load(text)  # raises the error worded and placed as it always was (libyaml's differ)


def read_yaml(path: str) -> dict[str, Any]:
    path = resolve(path)
    try:
        text = Path(path).read_text()
    except OSError as exc:
        raise ModelError(path, [f"cannot read the model file: {exc.strerror or exc}"]) from None
    try:
        data = _parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ModelError(path, [f"{where}not valid YAML ({getattr(exc, 'problem', exc)})"]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ModelError(path, [f"the top level must be a mapping, found {type(data).__name__}"])
    return data


def _key(item: Any) -> Any:
    if isinstance(item, dict):
        return item.get("name", item.get("id"))
    return None


def merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(over, list) and all(_key(i) is not None for i in base + over):
        merged = {_key(i): i for i in base}
        for item in over:
            merged[_key(item)] = merge(merged[_key(item)], item) if _key(item) in merged else item
        return list(merged.values())
    if isinstance(base, list) and isinstance(over, list) and all(isinstance(i, dict) for i in base + over):
        return base + [item for item in over if item not in base]
    return over


def location(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def validate(data: dict[str, Any], source: str = "model") -> CloudModel:
    try:
        return CloudModel.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            found = err.get("input")
            message = err["msg"]
            if err["type"] not in ("missing",) and not isinstance(found, (dict, list)):
                message += f" (found {found!r})"
            errors.append(f"{location(err['loc'])}: {message}")
        raise ModelError(source, errors) from None


def load(paths: list[str]) -> CloudModel:
    """The default model (unless a file says ``inherit_default: false``) plus each file in order.

    When the result is invalid, each file is checked on its own as well, so errors name the place
    in the file the user wrote (not in the merged model)."""
    layers = [(p, read_yaml(p)) for p in paths]
    data: dict[str, Any] = {}
    if all(layer.get("inherit_default", True) for _, layer in layers):
        data = default_model_data()
    for _, layer in layers:
        data = merge(data, layer)
    try:
        return validate(data, ", ".join(paths) or "default model")
    except ModelError as merged_error:
        for path, layer in layers:
            validate(layer, path)  # raises with the file's own places
        raise merged_error
