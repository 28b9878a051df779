"""Traits: their fields (a name, and the ``associated`` filter) and the body of
``PUT /resource_providers/{uuid}/traits``: the provider's whole trait list and its generation."""

from __future__ import annotations

import re
from typing import Any

from twinstack.core.resource import Attr
from twinstack.placement.schemas.common import CUSTOM_PATTERN, GENERATION, RC_PATTERN

INVALID = ('The trait is invalid. A valid trait must be no longer than 255 characters, start with the prefix '
           '"CUSTOM_" and use following characters: "A"-"Z", "0"-"9" and "_"')


def custom_name(value: Any) -> str:
    """A name in the path of PUT /traits/{name}."""
    if not re.match(CUSTOM_PATTERN, value) or len(value) > 255:
        raise ValueError(INVALID)
    return str(value)


ATTRIBUTES: list[Attr] = [
    Attr("name", convert=custom_name, filter=True),  # ?name=in:A,B or ?name=startswith:CUSTOM_
    Attr("associated", column=None, visible=False, filter=True),  # ?associated=true: on some provider
]

update_provider_traits: dict[str, Any] = {
    "type": "object",
    "properties": {
        "traits": {"type": "array", "items": {"type": "string", "pattern": RC_PATTERN}, "uniqueItems": True},
        "resource_provider_generation": GENERATION,
    },
    "required": ["traits", "resource_provider_generation"],
    "additionalProperties": False,
}
