"""Swift takes no JSON bodies but headers, names and sizes, within the limits of swift/common/constraints.py
(the values DevStack's swift.conf leaves at their defaults); ``/info`` publishes them."""

from __future__ import annotations

MAX_FILE_SIZE = 5 * 1024 * 1024 * 1024 + 2
MAX_META_NAME_LENGTH = 128
MAX_META_VALUE_LENGTH = 256
MAX_META_COUNT = 90
MAX_META_OVERALL_SIZE = 4096
MAX_HEADER_SIZE = 8192
MAX_OBJECT_NAME_LENGTH = 1024
MAX_CONTAINER_NAME_LENGTH = 256
MAX_ACCOUNT_NAME_LENGTH = 256
CONTAINER_LISTING_LIMIT = 10000
ACCOUNT_LISTING_LIMIT = 10000
MAX_MANIFEST_SEGMENTS = 1000
MAX_MANIFEST_SIZE = 8 * 1024 * 1024
MIN_SEGMENT_SIZE = 1
MAX_DELETES_PER_REQUEST = 10000
SWIFT_VERSION = "2.35.0"  # the Swift of the 2025.2 series that DevStack installs beside Nova 34
