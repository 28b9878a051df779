"""The whole model, one section per service, each section owned by its service package."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from twinstack.identity.model import IdentityModel


class CloudModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inherit_default: bool = True  # layer over the built-in default model (false: bootstrap only)
    identity: IdentityModel = IdentityModel()
    compute: dict[str, Any] = {}
    image: dict[str, Any] = {}
    network: dict[str, Any] = {}
    block_storage: dict[str, Any] = {}
    faults: list[dict[str, Any]] = []
    clock: dict[str, Any] = {}
