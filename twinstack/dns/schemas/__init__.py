"""Request bodies, as Designate's v2 schemas (designate/objects: Zone, RecordSet fields) bound them."""

from __future__ import annotations

from typing import Any

TTL: dict[str, Any] = {"type": ["integer", "null"], "minimum": 0, "maximum": 2147483647}  # zone.py, recordset.py
DESCRIPTION: dict[str, Any] = {"type": ["string", "null"], "maxLength": 160}
MASTERS: dict[str, Any] = {"type": "array", "items": {"type": "string", "maxLength": 255}}  # "host" or "host:port"

zone_create: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 255},
        "email": {"type": "string", "maxLength": 255},
        "ttl": TTL,
        "description": DESCRIPTION,
        "type": {"type": "string", "enum": ["PRIMARY", "SECONDARY"]},
        "masters": MASTERS,
        "attributes": {"type": "object"},
    },
    "required": ["name"],  # and email for a PRIMARY zone, masters for a SECONDARY one (manager/secondary.py)
}

zone_update: dict[str, Any] = {
    "type": "object",
    "properties": {"email": {"type": "string", "maxLength": 255}, "ttl": TTL, "description": DESCRIPTION,
                   "masters": MASTERS},
    "additionalProperties": False,
}

recordset_create: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 255},
        "type": {"type": "string"},
        "ttl": TTL,
        "description": DESCRIPTION,
        "records": {"type": "array", "items": {"type": "string", "maxLength": 4096}, "minItems": 1},
    },
    "required": ["name", "type", "records"],
    "additionalProperties": False,  # the API_v2 adapter refuses unknown fields
}

recordset_update: dict[str, Any] = {
    "type": "object",
    "properties": {
        "ttl": TTL,
        "description": DESCRIPTION,
        "records": {"type": "array", "items": {"type": "string", "maxLength": 4096}, "minItems": 1},
        "name": {"type": "string", "maxLength": 255},  # immutable: accepted when unchanged
        "type": {"type": "string", "maxLength": 16},
    },
    "additionalProperties": False,
}
