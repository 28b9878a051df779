"""Glance's location APIs (Images API 2.17): ``GET`` and ``POST /v2/images/{image_id}/locations``.

Reading an image's locations is for admins and services (fetch_image_location). Adding one is for a queued
image's project members and services (add_image_location); Glance then needs a store for the URL's scheme,
and without an ``http`` store (this cloud has one file store) it refuses everyone but a service. A service's
add would start a location_import task fetching the URL: this cloud does not fetch, so it refuses that too,
with Glance's words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, json_response
from twinstack.image import data, errors, manager
from twinstack.image.api import common

_HASHES = {"checksum": 32, "os_hash_algo": 64, "os_hash_value": 128}  # validation_data's keys, max lengths


async def index(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        image = manager.get_visible(conn, req.context, req.params["image_id"])
        target = common.image_target(req, conn, image)
    common.enforce(req, "fetch_image_location", target)
    if not image["location"]:
        return json_response([])
    if image["location"].startswith(data.SWIFT_PREFIX):
        return json_response([{"url": image["location"], "metadata": {"store": data.SWIFT_STORE}}])
    url = Path(data.resolve(req.cloud, image["location"])).as_uri()
    return json_response([{"url": url, "metadata": {"store": data.STORE_ID}}])


def _check_body(body: Any) -> None:
    """Glance's add_location schema: a url string and optional validation_data of known hash fields."""
    def bad(why: str) -> ApiError:
        return errors.bad_request(f"Provided object does not match schema 'location': {why}")

    if not isinstance(body, dict):
        raise bad("the body must be a JSON object")
    if "url" not in body:
        raise bad("'url' is a required property")
    if not isinstance(body["url"], str):
        raise bad(f"{body['url']!r} is not of type 'string'")
    hashes = body.get("validation_data", {})
    if not isinstance(hashes, dict):
        raise bad(f"{hashes!r} is not of type 'object'")
    unexpected = sorted(set(hashes) - set(_HASHES))
    if unexpected:
        raise bad(f"Additional properties are not allowed ({', '.join(repr(k) for k in unexpected)} was unexpected)")
    for key, value in hashes.items():
        if not isinstance(value, str) or len(value) > _HASHES[key]:
            raise bad(f"{value!r} is not a valid {key}")


async def create(req: Req) -> Any:
    body = await req.json(required=False)
    _check_body(body)
    with req.cloud.store.read() as conn:
        image = manager.get_visible(conn, req.context, req.params["image_id"])
        target = common.image_target(req, conn, image)
    if image["status"] != "queued":
        raise errors.conflict(f"It's not allowed to add locations if image status is {image['status']}.")
    common.enforce(req, "add_image_location", target)
    raise errors.forbidden("http store must be enabled to use location API by normal user.")
