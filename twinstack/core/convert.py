"""Converting request strings to typed values the way the OpenStack services do.

Nova, Neutron and Cinder all read booleans with oslo.utils' ``bool_from_string``; one converter
here means every service accepts the same spellings (``1/t/true/on/y/yes``, case-insensitive).
"""

from __future__ import annotations

from typing import Any

from oslo_utils import strutils

TRUE_STRINGS = frozenset(strutils.TRUE_STRINGS)
FALSE_STRINGS = frozenset(strutils.FALSE_STRINGS)


def is_bool_like(value: Any) -> bool:
    """True for a bool or a string oslo.utils reads as one (strictly)."""
    return isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in TRUE_STRINGS | FALSE_STRINGS)


def to_bool(value: Any, *, strict: bool = False, default: bool = False) -> bool:
    """``value`` as a boolean; an unknown spelling is ``default``, or ``ValueError`` when ``strict``.

    ``None`` (an absent parameter) is always ``default``."""
    if value is None:
        return default
    return bool(strutils.bool_from_string(value, strict=strict, default=default))


def to_int(value: Any) -> int:
    """neutron-lib's ``convert_to_int``: anything ``int()`` takes (``"4"`` is 4), else ``ValueError``."""
    try:
        return int(value)
    except (ValueError, TypeError):
        raise ValueError(f"'{value}' is not an integer") from None
