"""Designate's rules for names (designate/schema/format.py and central's _is_valid_zone_name): fully
qualified with a trailing dot, labels of 1-63 letters, digits, hyphens and underscores (RE_ZONENAME; a
record name may also start with ``*``), 255 octets in all, a TLD that is not numeric."""

from __future__ import annotations

import re

from twinstack.core.errors import ApiError
from twinstack.dns import errors

_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")  # RE_ZONENAME's labels (common/constants.py)
_RECORD_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_*-]{1,63}(?<!-)$")


def _labels(name: str) -> list[str]:
    return name[:-1].split(".")


def is_hostname(name: str, record: bool = False) -> bool:
    if not name.endswith(".") or len(name) > 255 or name == ".":
        return False
    pattern = _RECORD_LABEL if record else _LABEL
    labels = _labels(name)
    return all(pattern.match(label) for label in labels) and not labels[-1].isdigit()


def zone_name(name: str) -> str:
    """The zone's name as stored (lower case), or Designate's 400."""
    if not is_hostname(name):
        raise errors.invalid_object("Provided object does not match schema: name is not a valid zone name "
                                    "(it must be fully qualified, ending with a dot)")
    if len(_labels(name)) < 2:
        raise errors.invalid_zone_name("More than one label is required")
    return name.lower()


def recordset_name(name: str, zone: str) -> str:
    """The recordset's name inside ``zone`` (Designate: InvalidRecordSetLocation outside it)."""
    if not is_hostname(name, record=True):
        raise errors.invalid_object("Provided object does not match schema: name is not a valid hostname "
                                    "(it must be fully qualified, ending with a dot)")
    name = name.lower()
    if name != zone and not name.endswith("." + zone):
        raise errors.invalid_recordset_location("RecordSet is not contained within it's parent zone")
    return name


def check(condition: bool, message: str) -> None:
    if not condition:
        raise ApiError(400, message, "invalid_object")
