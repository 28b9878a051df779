"""What each record type's ``records`` may hold (designate/objects/rrdata_*.py): each rdata is parsed
the way its Designate object's from_string does, and a bad one is a 400 invalid_object."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

from twinstack.dns import errors
from twinstack.dns.manager.names import is_hostname

_HEX = re.compile(r"^[0-9A-Fa-f]+$")
CAA_TAGS = ("issue", "issuewild", "iodef")


def _a(value: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(value), ipaddress.IPv4Address)
    except ValueError:
        return False


def _aaaa(value: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(value), ipaddress.IPv6Address)
    except ValueError:
        return False


def _host(value: str) -> bool:
    return is_hostname(value.lower(), record=True)


def _uint(text: str, top: int) -> bool:
    return text.isdigit() and 0 <= int(text) <= top


def _mx(value: str) -> bool:
    parts = value.split()
    return len(parts) == 2 and _uint(parts[0], 65535) and (_host(parts[1]) or parts[1] == ".")


def _srv(value: str) -> bool:
    parts = value.split()
    return (len(parts) == 4 and all(_uint(p, 65535) for p in parts[:3])
            and (_host(parts[3]) or parts[3] == "."))


def _txt(value: str) -> bool:
    if value.endswith("\\"):  # TxtField: "Do NOT put '\\' into end of TXT record"
        return False
    # Designate: each string at most 255 characters; a longer one must be split into quoted strings
    if value.startswith('"') and value.endswith('"') and len(value) > 1:
        return all(len(part) <= 255 for part in re.findall(r'"((?:[^"\\]|\\.)*)"', value))
    return 0 < len(value) <= 255


def _caa(value: str) -> bool:
    parts = value.split(None, 2)
    return len(parts) == 3 and _uint(parts[0], 255) and parts[1] in CAA_TAGS and bool(parts[2])


def _sshfp(value: str) -> bool:
    parts = value.split()
    return len(parts) == 3 and _uint(parts[0], 255) and _uint(parts[1], 255) and bool(_HEX.match(parts[2]))


CHECKS: dict[str, Callable[[str], bool]] = {
    "A": _a, "AAAA": _aaaa, "CNAME": _host, "NS": _host, "PTR": _host, "MX": _mx, "SRV": _srv,
    "TXT": _txt, "SPF": _txt, "CAA": _caa, "SSHFP": _sshfp,
}


def check(kind: str, records: list[str]) -> list[str]:
    """The records as stored; a 400 for an unknown type or a record its type does not allow."""
    checker = CHECKS.get(kind)
    if checker is None:
        raise errors.invalid_object(f"Provided object does not match schema: type {kind!r} is not one of "
                                    f"{sorted(CHECKS)}")
    if kind == "CNAME" and len(records) > 1:
        raise errors.bad_request("CNAME recordsets may not have more than 1 record")
    for value in records:
        if not checker(value):
            raise errors.invalid_object(f"Provided object does not match schema: records: {value!r} is not a "
                                        f"valid {kind} record")
    return list(dict.fromkeys(records))  # a record given twice is one record (Designate keeps a set)
