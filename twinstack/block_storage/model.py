"""The block_storage section of the cloud model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class BlockStorageModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
