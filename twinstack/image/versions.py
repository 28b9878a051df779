"""Glance's Images API v2 versions, one line of history each, and the order its version document
lists them in, for a Glance with one store (``enabled_backends`` set), with or without an image cache
(``image_cache_dir``): glance/api/versions.py offers the cache versions 2.14, 2.16 and 2.18 only with
one, and 2.18 is then CURRENT; without one, 2.17 is."""

from __future__ import annotations

HISTORY: dict[str, str] = {
    "2.0": "images v2: images, image data, members, tags",
    "2.1": "member status (pending, accepted, rejected)",
    "2.2": "tasks",
    "2.3": "metadata definitions (metadefs)",
    "2.4": "further metadefs and tasks changes",
    "2.5": "community visibility",
    "2.6": "interoperable image import (stage, import, /v2/info/import)",
    "2.7": "hidden images (os_hidden), multihash (os_hash_algo, os_hash_value)",
    "2.8": "multiple stores (/v2/info/stores)",
    "2.9": "import to several stores; copy-image",
    "2.10": "further import changes",
    "2.11": "delete an image from one store",
    "2.12": "tasks of an image (/v2/images/{id}/tasks)",
    "2.13": "quota usage (/v2/info/usage); stores detail (/v2/info/stores/detail)",
    "2.14": "image cache API (/v2/cache: list, queue, delete, clear; needs an image cache)",
    "2.15": "glance-download import between regions",
    "2.16": "image cache API, second revision (needs an image cache)",
    "2.17": "image location APIs",
    "2.18": "cache clean and prune (POST /v2/cache/clean, /v2/cache/prune; needs an image cache)",
}

CACHE_VERSIONS = ("2.14", "2.16", "2.18")
CURRENT = "2.18"  # with an image cache
CURRENT_WITHOUT_CACHE = "2.17"
# The document's own order, as Glance builds it: the newest supported first, CURRENT among them.
DOCUMENT_ORDER: list[str] = ["2.18", "2.17", "2.16", "2.15", "2.14", "2.13", "2.12", "2.11", "2.10", "2.9",
                             "2.8", "2.7", "2.6", "2.5", "2.4", "2.3", "2.2", "2.1", "2.0"]
DOCUMENT_ORDER_WITHOUT_CACHE: list[str] = ["2.15", "2.13", "2.12", "2.11", "2.10", "2.9", "2.8", "2.17", "2.7",
                                           "2.6", "2.5", "2.4", "2.3", "2.2", "2.1", "2.0"]


def document(cache: bool) -> list[tuple[str, str]]:
    """(version, status) in the version document's order."""
    order, current = (DOCUMENT_ORDER, CURRENT) if cache else (DOCUMENT_ORDER_WITHOUT_CACHE, CURRENT_WITHOUT_CACHE)
    return [(v, "CURRENT" if v == current else "SUPPORTED") for v in order]
