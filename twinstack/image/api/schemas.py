"""Serving the JSON Schemas under ``/v2/schemas`` (the documents are in ``image/schemas/``) and
checking a request's image against the image schema."""

from __future__ import annotations

import copy
from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.core.validation import compiled
from twinstack.image import errors
from twinstack.image.schemas.images import IMAGE_SCHEMA, collection
from twinstack.image.schemas.members import MEMBER_SCHEMA, MEMBERS_SCHEMA
from twinstack.image.schemas.metadefs import METADEF_SCHEMAS
from twinstack.image.schemas.tasks import TASK_SCHEMA


def check_image(partial: dict[str, Any]) -> None:
    """Validate (part of) an image against the image schema; Glance's 400 message on failure."""
    error = next(iter(compiled(IMAGE_SCHEMA, None).iter_errors(partial)), None)
    if error is not None:
        raise ApiError(400, f"Provided object does not match schema 'image': {error.message}",
                       "InvalidObject")


async def image(req: Req) -> Any:
    return copy.deepcopy(IMAGE_SCHEMA)


async def images(req: Req) -> Any:
    return collection("images", copy.deepcopy(IMAGE_SCHEMA), "/v2/images")


async def member(req: Req) -> Any:
    return copy.deepcopy(MEMBER_SCHEMA)


async def members(req: Req) -> Any:
    return copy.deepcopy(MEMBERS_SCHEMA)


async def task(req: Req) -> Any:
    return copy.deepcopy(TASK_SCHEMA)


async def tasks(req: Req) -> Any:
    return collection("tasks", copy.deepcopy(TASK_SCHEMA), "/v2/tasks")


async def metadef(req: Req) -> Any:
    name = req.params["name"]
    if name not in METADEF_SCHEMAS:
        raise errors.not_found()
    return copy.deepcopy(METADEF_SCHEMAS[name])
