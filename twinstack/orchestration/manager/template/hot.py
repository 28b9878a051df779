"""A HOT template read and checked as Heat's template loader and HOTemplate20130523 do: YAML or JSON text
(or an already parsed mapping), a known ``heat_template_version``, known top-level sections, and resource
definitions with only the keys HOT allows."""

from __future__ import annotations

import json
from typing import Any

import yaml

from twinstack.orchestration import errors as E

# the dated versions Heat knows and the release names it accepts for them (heat/engine/hot/template.py)
VERSIONS = {
    "2013-05-23": "2013-05-23", "2014-10-16": "2014-10-16", "2015-04-30": "2015-04-30",
    "2015-10-15": "2015-10-15", "2016-04-08": "2016-04-08", "2016-10-14": "2016-10-14",
    "2017-02-24": "2017-02-24", "2017-09-01": "2017-09-01", "2018-03-02": "2018-03-02",
    "2018-08-31": "2018-08-31", "2021-04-16": "2021-04-16",
    "newton": "2016-10-14", "ocata": "2017-02-24", "pike": "2017-09-01", "queens": "2018-03-02",
    "rocky": "2018-08-31", "wallaby": "2021-04-16",
}
SECTIONS = ("heat_template_version", "description", "parameter_groups", "parameters", "resources", "outputs",
            "conditions")
RESOURCE_KEYS = ("type", "properties", "metadata", "depends_on", "deletion_policy", "update_policy",
                 "description", "condition", "external_id")
OUTPUT_KEYS = ("value", "description", "condition")
MAX_TEMPLATE_SIZE = 524288  # Heat's max_template_size


class _Loader(yaml.SafeLoader):
    """Heat's loader: dates stay strings (``heat_template_version: 2018-08-31``)."""


def _plain(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _plain)


def load(text: Any) -> dict[str, Any]:
    """The template as a mapping: JSON first (Heat tries it first), else YAML."""
    if isinstance(text, dict):
        return text
    if not isinstance(text, str):
        raise E.bad_request("The template must be a mapping or a YAML/JSON document.")
    if len(text) > MAX_TEMPLATE_SIZE:
        raise E.bad_request(f"Template size ({len(text)} bytes) exceeds maximum allowed size "
                            f"({MAX_TEMPLATE_SIZE} bytes).")
    try:
        value = json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=_Loader)
    except (ValueError, yaml.YAMLError) as exc:
        raise E.bad_request(f"Error parsing template: {exc}") from None
    if not isinstance(value, dict):
        raise E.bad_request("The template is not a JSON object or YAML mapping.")
    return value


def check(tmpl: dict[str, Any]) -> str:
    """Raise Heat's errors for an unknown version, section or resource key; return the version's date."""
    version = tmpl.get("heat_template_version")
    if version is None:
        if "AWSTemplateFormatVersion" in tmpl or "HeatTemplateFormatVersion" in tmpl:
            raise E.invalid_version('"AWSTemplateFormatVersion" templates are not supported by this cloud; '
                                    "use HOT (heat_template_version).")
        raise E.invalid_version("Template format version not found.")
    date = VERSIONS.get(str(version))
    if date is None:
        known = ", ".join(f'"heat_template_version.{v}"' for v in sorted(VERSIONS))
        raise E.invalid_version(f'The template version is invalid: "heat_template_version: {version}". '
                                f'"heat_template_version" should be one of: {known}')
    for key in tmpl:
        if key not in SECTIONS:
            raise E.invalid_template(f'"{key}" is not a valid template section')
    if "conditions" in tmpl and date < "2016-10-14":
        raise E.invalid_template('"conditions" is not a valid template section')
    resources = tmpl.get("resources")
    resources = {} if resources is None else resources
    if not isinstance(resources, dict):
        raise E.validation_failed('"resources" must be a map')
    for name, definition in resources.items():
        if not isinstance(definition, dict):
            raise E.validation_failed(f'Resource {name} definition must be a map')
        if "type" not in definition:
            raise E.validation_failed(f'Resource {name} is missing "type"')
        for key in definition:
            if key not in RESOURCE_KEYS:
                raise E.validation_failed(f'"{key}" is not a valid keyword inside a resource definition')
        if not isinstance({} if definition.get("properties") is None else definition["properties"], dict):
            raise E.validation_failed(f'"properties" of resource {name} must be a map')
    outputs = tmpl.get("outputs")
    outputs = {} if outputs is None else outputs
    if not isinstance(outputs, dict):
        raise E.validation_failed('"outputs" must be a map')
    for name, out in outputs.items():
        if not isinstance(out, dict) or "value" not in out:
            raise E.validation_failed(f'Each output definition must contain a value key. ({name})')
        for key in out:
            if key not in OUTPUT_KEYS:
                raise E.validation_failed(f'Output "{name}": "{key}" is not a valid keyword')
    for section in ("parameters", "conditions"):
        if not isinstance({} if tmpl.get(section) is None else tmpl[section], dict):
            raise E.validation_failed(f'"{section}" must be a map')
    return date


def dump(tmpl: dict[str, Any]) -> str:
    return yaml.safe_dump(tmpl, default_flow_style=False, sort_keys=False)
