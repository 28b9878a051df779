"""The object_storage section of the cloud model: containers (in their project's account) with metadata,
ACLs and objects whose bytes come from text, base64, a file, or are generated to a size."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from twinstack.object_storage import schemas as limits


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _meta_keys(value: dict[str, str]) -> dict[str, str]:
    """Swift's check_metadata limits, on the user's keys (without the X-...-Meta- prefix)."""
    for key, item in value.items():
        if not key or len(key) > limits.MAX_META_NAME_LENGTH:
            raise ValueError(f"metadata name '{key}' must be 1 to {limits.MAX_META_NAME_LENGTH} characters")
        if len(item) > limits.MAX_META_VALUE_LENGTH:
            raise ValueError(f"metadata value of '{key}' is longer than {limits.MAX_META_VALUE_LENGTH}")
    if len(value) > limits.MAX_META_COUNT:
        raise ValueError(f"more than {limits.MAX_META_COUNT} metadata items")
    return value


class ObjectDef(_Strict):
    name: str = Field(min_length=1, max_length=limits.MAX_OBJECT_NAME_LENGTH)
    content: str | None = Field(None, description="The object's bytes, as UTF-8 text")
    content_base64: str | None = Field(None, description="The object's bytes, base64-encoded")
    file: str | None = Field(None, description="A file whose bytes are the object's (read at start)")
    size: int | None = Field(None, ge=0, description="Generate this many deterministic bytes")
    content_type: str | None = Field(None, description="Default: guessed from the name, as Swift does")
    metadata: dict[str, str] = Field({}, description="X-Object-Meta-<key>: <value>")

    _keys = field_validator("metadata")(_meta_keys)

    @model_validator(mode="after")
    def _one_source(self) -> ObjectDef:
        given = [k for k in ("content", "content_base64", "file", "size") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of content, content_base64, file or size, not {' and '.join(given)}")
        return self


class ContainerDef(_Strict):
    name: str = Field(min_length=1, max_length=limits.MAX_CONTAINER_NAME_LENGTH, pattern=r"^[^/]+$")
    project: str = Field("admin", description="The owning project's name (its account AUTH_<id>, Default domain)")
    read_acl: str | None = Field(None, description="X-Container-Read, e.g. '.r:*,.rlistings'")
    write_acl: str | None = Field(None, description="X-Container-Write")
    metadata: dict[str, str] = Field({}, description="X-Container-Meta-<key>: <value>")
    objects: list[ObjectDef] = []

    _keys = field_validator("metadata")(_meta_keys)


class ObjectStorageModel(_Strict):
    containers: list[ContainerDef] = []
