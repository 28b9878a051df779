"""BIND zone files (RFC 1035 master format), as Designate exports and imports them: ``$ORIGIN``, ``$TTL``,
``@``, owners left blank (the previous one), names relative to the origin, ``( ... )`` spanning lines,
``;`` comments outside quotes. Names in the rdata of the types that carry one are made absolute."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

CLASSES = ("IN", "CH", "HS")
_NAME_LAST = ("CNAME", "NS", "PTR", "MX", "SRV")  # rdata whose last field is a domain name
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\S+')


class ZoneFileError(ValueError):
    """The file cannot be read; the import ends in ERROR with this message."""


@dataclass
class ZoneFile:
    origin: str = ""
    default_ttl: int | None = None
    records: list[tuple[str, str, int | None, str]] = field(default_factory=list)  # name, type, ttl, rdata

    def sets(self) -> dict[tuple[str, str], tuple[int | None, list[str]]]:
        """Records grouped into recordsets: (name, type) -> (ttl, records)."""
        grouped: dict[tuple[str, str], tuple[int | None, list[str]]] = {}
        for name, kind, ttl, rdata in self.records:
            old_ttl, values = grouped.get((name, kind), (ttl, []))
            if rdata not in values:
                values.append(rdata)
            grouped[(name, kind)] = (old_ttl, values)
        return grouped


def _logical_lines(text: str) -> list[str]:
    """Lines with comments stripped and parenthesised spans joined."""
    lines, pending, depth = [], "", 0
    for raw in text.splitlines():
        line, quoted = [], False
        for ch in raw:
            if ch == '"':
                quoted = not quoted
            if ch == ";" and not quoted:
                break
            line.append(ch)
        chunk = "".join(line)
        depth += chunk.count("(") - chunk.count(")")
        pending += chunk.replace("(", " ").replace(")", " ") if depth or pending else chunk
        if depth <= 0:
            if pending.strip():
                lines.append(pending)
            pending, depth = "", 0
    if depth > 0:
        raise ZoneFileError("Unbalanced parentheses in the zone file")
    return lines


def _absolute(name: str, origin: str) -> str:
    if name == "@":
        return origin
    if name.endswith("."):
        return name.lower()
    if not origin:
        raise ZoneFileError(f"{name} is relative and there is no $ORIGIN")
    return f"{name}.{origin}".lower()


def parse(text: str) -> ZoneFile:
    zone = ZoneFile()
    owner = ""
    for line in _logical_lines(text):
        tokens = _TOKEN.findall(line)
        if tokens[0].upper() == "$ORIGIN":
            zone.origin = _absolute(tokens[1], zone.origin)
            continue
        if tokens[0].upper() == "$TTL":
            zone.default_ttl = _ttl(tokens[1])
            continue
        if not line[0].isspace():
            owner = _absolute(tokens.pop(0), zone.origin)
            zone.origin = zone.origin or owner
        if not owner:
            raise ZoneFileError("A record has no owner name")
        ttl = None
        while tokens and (tokens[0].isdigit() or tokens[0].upper() in CLASSES):
            head = tokens.pop(0)
            ttl = int(head) if head.isdigit() else ttl
        if len(tokens) < 2:
            raise ZoneFileError(f"Incomplete record: {line.strip()}")
        kind = tokens[0].upper()
        rdata = tokens[1:]
        if kind in _NAME_LAST and rdata[-1] != ".":
            rdata[-1] = _absolute(rdata[-1], zone.origin)
        zone.records.append((owner, kind, ttl, " ".join(rdata)))
    return zone


def _ttl(text: str) -> int:
    if not text.isdigit():
        raise ZoneFileError(f"Bad $TTL: {text}")
    return int(text)


def render(zone: dict[str, Any], recordsets: list[dict[str, Any]]) -> str:
    """The file Designate's export writes: $ORIGIN and $TTL, then SOA, NS, and the rest, one record a line."""
    order = {"SOA": 0, "NS": 1}
    lines = [f"$ORIGIN {zone['name']}", f"$TTL {zone['ttl']}", ""]
    for rrset in sorted(recordsets, key=lambda r: (order.get(r["type"], 2), r["name"], r["type"])):
        ttl = f" {rrset['ttl']}" if rrset["ttl"] else ""
        lines.extend(f"{rrset['name']}{ttl} IN {rrset['type']} {value}" for value in rrset["records"])
    return "\n".join(lines) + "\n"
