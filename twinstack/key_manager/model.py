"""The key_manager section of the cloud model: secrets of a project, with their payloads (checked as a
POST /v1/secrets body is), metadata and expiration."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SecretDef(_Strict):
    name: str | None = Field(None, min_length=1, max_length=255, description="Barbican allows unnamed secrets")
    id: str | None = Field(None, description="Default: a uuid5 of project and name, stable across restarts")
    project: str = Field("admin", description="The owning project's name (Default domain)")
    creator: str = Field("admin", description="The user (name, Default domain) recorded as its creator")
    payload: str | None = Field(None, description="Text, or base64 with payload_content_encoding: base64")
    payload_content_type: str = "text/plain"
    payload_content_encoding: Literal["base64"] | None = None
    secret_type: Literal["symmetric", "public", "private", "passphrase", "certificate", "opaque"] = "opaque"
    algorithm: str | None = Field(None, max_length=255)
    bit_length: int | None = Field(None, ge=0)
    mode: str | None = Field(None, max_length=255)
    expiration: datetime | None = None
    metadata: dict[str, str] = {}

    @model_validator(mode="after")
    def _named(self) -> SecretDef:
        if self.name is None and self.id is None:
            raise ValueError("give the secret a name or an id")
        return self


# Barbican's one store when multiple backends are enabled with DevStack's plugins (store_crypto over
# simple_crypto): its name is the crypto plugin's friendly name, simple_crypto_plugin.plugin_name's default
DEFAULT_STORE = "Software Only Crypto"


class KeyManagerModel(_Strict):
    secrets: list[SecretDef] = []
    multiple_secret_stores: bool = Field(
        True, description="[secretstore] enable_multiple_secret_stores: /v1/secret-stores answers (one global "
        "default store, store_crypto + simple_crypto); false: every /v1/secret-stores call is Barbican's 404")
    preferred_secret_stores: dict[str, str] = Field(
        {"admin": DEFAULT_STORE}, description="project name -> store name: the project's preferred store, as an "
        "admin sets it with POST /v1/secret-stores/{id}/preferred")
