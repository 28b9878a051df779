"""The dns section of the cloud model: zones of a project (PRIMARY with their recordsets, or SECONDARY with
their masters), checked as the API checks them. Names and records
are checked as the API checks them (manager/names.py, manager/records.py) when the model loads."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RecordsetDef(_Strict):
    name: str = Field(min_length=1, max_length=255,
                      description="'www' (in the zone), 'www.example.org.' (fully qualified) or '@' (the apex)")
    type: str = Field(min_length=1, max_length=16)
    records: list[str] = Field(min_length=1)
    ttl: int | None = Field(None, ge=1, le=2147483647)
    description: str | None = Field(None, max_length=160)


class ZoneDef(_Strict):
    name: str = Field(min_length=1, max_length=255, description="Fully qualified, with the trailing dot")
    project: str = Field("admin", description="The owning project's name (Default domain)")
    type: Literal["PRIMARY", "SECONDARY"] = "PRIMARY"
    masters: list[str] = Field([], description="A SECONDARY zone's: 'host' or 'host:port' (dns/manager/secondary.py)")
    email: str | None = Field(None, max_length=255, pattern=r"@",
                              description="A PRIMARY zone's (default hostmaster@example.com); not for SECONDARY")
    ttl: int | None = Field(None, ge=1, le=2147483647)
    description: str | None = Field(None, max_length=160)
    recordsets: list[RecordsetDef] = []


class DnsModel(_Strict):
    zones: list[ZoneDef] = []
