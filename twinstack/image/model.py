"""The image section of the cloud model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ImageModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
