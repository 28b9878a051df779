"""SECONDARY zones: Designate's rules for a zone whose records come from its ``masters`` by zone transfer
(designate/objects/zone.py ``Zone.validate``, the API's ``post_all``, central's ``_create_zone``).

twinstack speaks no DNS on the wire, so a transfer cannot fetch anything: the worker's answer to a new
SECONDARY zone (or one whose masters changed) is a transfer that succeeded with nothing to copy. The zone
turns ACTIVE with its own SOA (serial 1, Designate's managed e-mail), ``transferred_at`` set, and no NS
recordset (central makes those for PRIMARY zones only). A manual ``tasks/xfr`` finds no newer serial at the
masters and changes nothing.
"""

from __future__ import annotations

from typing import Any

from twinstack.dns import errors

MANAGED_EMAIL = "hostmaster@example.com"  # [service:central] managed_resource_email's default
INVALID = "Provided object does not match schema"


def master(value: str) -> str:
    """designate.utils.split_host_port, then ZoneMasterAPIv2Adapter's rendering: port 53 is left out."""
    host, sep, port = value.partition(":")
    if not sep or not port.isdigit():  # int() fails: Designate keeps the whole string as the host, port 53
        return value
    number = int(port)
    if not 1 <= number <= 65535:
        raise errors.invalid_object(f"{INVALID}: masters: port {number} is not between 1 and 65535")
    return host if number == 53 else f"{host}:{number}"


def check_create(spec: dict[str, Any]) -> dict[str, Any]:
    """The body of a new zone, checked by its type; a SECONDARY zone takes the managed e-mail."""
    kind = spec.setdefault("type", "PRIMARY")
    masters = [master(m) for m in spec.get("masters") or []]
    if kind == "PRIMARY":
        if masters:
            raise errors.invalid_object(f"{INVALID}: 'masters' has more items than allowed")
        if spec.get("email") is None:
            raise errors.invalid_object(f"{INVALID}: 'email' is a required property")
        return spec
    if not masters:
        raise errors.invalid_object(f"{INVALID}: 'masters' is a required property")
    _refuse_primary_fields(spec)
    return {**spec, "masters": masters, "email": MANAGED_EMAIL}


def check_update(zone: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """A PATCH, by the zone's type; new masters mean a new transfer (``transferred_at`` cleared until it runs)."""
    if zone["type"] != "SECONDARY":
        if spec.get("masters"):
            raise errors.invalid_object(f"{INVALID}: 'masters' has more items than allowed")
        spec.pop("masters", None)
        return spec
    _refuse_primary_fields(spec)
    if "masters" in spec:
        masters = [master(m) for m in spec["masters"]]
        if not masters:
            raise errors.invalid_object(f"{INVALID}: 'masters' is a required property")
        spec = {**spec, "masters": masters, "transferred_at": None}
    return spec


def _refuse_primary_fields(spec: dict[str, Any]) -> None:
    """A SECONDARY zone's e-mail and TTL are Designate's and its masters'."""
    for field in ("email", "ttl"):
        if field in spec:
            raise errors.invalid_object(f"{INVALID}: '{field}' can't be specified when type is SECONDARY")


def check_transfer(zone: dict[str, Any]) -> None:
    """``POST /v2/zones/{id}/tasks/xfr`` (central's ``xfr_zone``)."""
    if zone["type"] != "SECONDARY":
        raise errors.bad_request("Can't XFR a non Secondary zone.")
