"""Converting request strings to typed values the way the OpenStack services do.

Nova, Neutron and Cinder all read booleans with oslo.utils' ``bool_from_string``; one converter
here means every service accepts the same spellings (``1/t/true/on/y/yes``, case-insensitive).
"""

from __future__ import annotations

from typing import Any

# oslo.utils' spellings, written out: importing oslo_utils.strutils cost ~0.1 s of start-up for two tuples
TRUE_STRINGS = frozenset({"1", "t", "true", "on", "y", "yes"})
FALSE_STRINGS = frozenset({"0", "f", "false", "off", "n", "no"})
_ACCEPTABLE = ", ".join(repr(s) for s in sorted(TRUE_STRINGS | FALSE_STRINGS))


def is_bool_like(value: Any) -> bool:
    """True for a bool or a string oslo.utils reads as one (strictly)."""
    return isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in TRUE_STRINGS | FALSE_STRINGS)


def to_bool(value: Any, *, strict: bool = False, default: bool = False) -> bool:
    """``value`` as a boolean; an unknown spelling is ``default``, or ``ValueError`` when ``strict``.

    ``None`` (an absent parameter) is always ``default``."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in TRUE_STRINGS:
        return True
    if lowered in FALSE_STRINGS:
        return False
    if strict:
        raise ValueError(f"Unrecognized value '{value}', acceptable values are: {_ACCEPTABLE}")
    return default


def to_int(value: Any) -> int:
    """neutron-lib's ``convert_to_int``: anything ``int()`` takes (``"4"`` is 4), else ``ValueError``."""
    try:
        return int(value)
    except (ValueError, TypeError):
        raise ValueError(f"'{value}' is not an integer") from None
