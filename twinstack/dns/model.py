"""The dns section of the cloud model: PRIMARY zones of a project, with their recordsets. Names and records
are checked as the API checks them (manager/names.py, manager/records.py) when the model loads."""

from __future__ import annotations

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
    email: str = Field("hostmaster@example.com", max_length=255, pattern=r"@")
    ttl: int | None = Field(None, ge=1, le=2147483647)
    description: str | None = Field(None, max_length=160)
    recordsets: list[RecordsetDef] = []


class DnsModel(_Strict):
    zones: list[ZoneDef] = []
