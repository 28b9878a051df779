"""Resource classes: their fields, and the bodies of ``POST /resource_classes`` and, before 1.7 (when
PUT became an idempotent create with no body), ``PUT /resource_classes/{name}`` renaming a custom class:
both a CUSTOM_ name."""

from __future__ import annotations

import re
from typing import Any

from twinstack.core.resource import Attr
from twinstack.placement.schemas.common import CUSTOM_PATTERN

create: dict[str, Any] = {"type": "object",
                          "properties": {"name": {"type": "string", "pattern": CUSTOM_PATTERN, "maxLength": 255}},
                          "required": ["name"], "additionalProperties": False}

update = create


def custom_name(value: Any) -> str:
    """A name in the path of PUT (1.7+), where no schema checks it."""
    if not re.match(CUSTOM_PATTERN, value):
        raise ValueError("JSON does not validate: The resource class name must start with CUSTOM_")
    return str(value)


ATTRIBUTES: list[Attr] = [
    Attr("name", post=True, put=True, convert=custom_name),
    Attr("links", column=None),
]
