"""``GET /info``: the cluster's constraints and the middleware it runs, which clients read before they
choose how to upload (segment sizes, bulk delete, SLO limits)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from twinstack.core.pipeline import Req, public
from twinstack.object_storage import schemas as limits
from twinstack.object_storage import versions


@public
async def info(req: Req) -> Any:
    return {
        "swift": {
            "version": limits.SWIFT_VERSION, "max_file_size": limits.MAX_FILE_SIZE,
            "max_meta_name_length": limits.MAX_META_NAME_LENGTH, "max_meta_value_length": limits.MAX_META_VALUE_LENGTH,
            "max_meta_count": limits.MAX_META_COUNT, "max_meta_overall_size": limits.MAX_META_OVERALL_SIZE,
            "max_header_size": limits.MAX_HEADER_SIZE, "max_object_name_length": limits.MAX_OBJECT_NAME_LENGTH,
            "max_container_name_length": limits.MAX_CONTAINER_NAME_LENGTH,
            "max_account_name_length": limits.MAX_ACCOUNT_NAME_LENGTH,
            "container_listing_limit": limits.CONTAINER_LISTING_LIMIT,
            "account_listing_limit": limits.ACCOUNT_LISTING_LIMIT, "extra_header_count": 0,
            "account_autocreate": True, "allow_account_management": False, "strict_cors_mode": True,
            "policies": [{"name": "Policy-0", "aliases": "Policy-0", "default": True}],
            "valid_api_versions": versions.VALID_API_VERSIONS,
        },
        "bulk_delete": {"max_deletes_per_request": limits.MAX_DELETES_PER_REQUEST, "max_failed_deletes": 1000},
        "slo": {"max_manifest_segments": limits.MAX_MANIFEST_SEGMENTS, "max_manifest_size": limits.MAX_MANIFEST_SIZE,
                "min_segment_size": limits.MIN_SEGMENT_SIZE, "yield_frequency": 10},
        "container_quotas": {}, "account_quotas": {}, "formpost": {}, "staticweb": {}, "crossdomain": {},
        "versioned_writes": {"allowed_flags": ["x-versions-location", "x-history-location"]},
        "bulk_upload": {"max_containers_per_extraction": 10000, "max_failed_extractions": 1000},
        "tempurl": {"methods": ["GET", "HEAD", "PUT", "POST", "DELETE"],
                    "allowed_digests": ["sha1", "sha256", "sha512"], "outgoing_remove_headers": ["x-object-meta-*"],
                    "outgoing_allow_headers": ["x-object-meta-public-*"]},
    }


@public
async def healthcheck(req: Req) -> Response:
    """The healthcheck middleware at the front of DevStack's proxy pipeline."""
    return Response("OK", headers={"Content-Type": "text/plain"})


CROSSDOMAIN = """<?xml version="1.0"?>
<!DOCTYPE cross-domain-policy SYSTEM "http://www.adobe.com/xml/dtds/cross-domain-policy.dtd" >
<cross-domain-policy>
<allow-access-from domain="*" secure="false" />
</cross-domain-policy>"""


@public
async def crossdomain(req: Req) -> Response:
    """The crossdomain middleware's default policy (Flash and Silverlight clients ask for it)."""
    return Response(CROSSDOMAIN, headers={"Content-Type": "application/xml; charset=utf-8"})
