"""The orchestration section of the cloud model: stacks made at start from templates, each owned by a user
in a project (by name), with its parameters, environment and files."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class StackModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=255, pattern=r"^[a-zA-Z][a-zA-Z0-9_.-]*$")
    project: str = "demo"
    user: str = "demo"
    domain: str = "default"
    template: str | dict[str, Any]  # HOT, as YAML text or a mapping
    parameters: dict[str, Any] = {}
    environment: dict[str, Any] = {}
    files: dict[str, str] = {}
    disable_rollback: bool = True
    timeout_mins: int | None = Field(None, ge=1)
    tags: list[str] = []


class OrchestrationModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stacks: list[StackModel] = []
