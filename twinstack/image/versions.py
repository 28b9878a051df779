"""Glance's Images API v2 versions, one line of history each, and the order its version document
lists them in (a Glance with one store, ``enabled_backends`` set, and no image cache: the cache
versions 2.14 and 2.16 are not offered)."""

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
    "2.14": "image cache API (needs an image cache; not offered here)",
    "2.15": "glance-download import between regions",
    "2.16": "image cache API, second revision (not offered here)",
    "2.17": "image location APIs",
}

CURRENT = "2.17"
# The document's own order, as Glance builds it: the newest supported first, CURRENT among them.
DOCUMENT_ORDER: list[str] = ["2.15", "2.13", "2.12", "2.11", "2.10", "2.9", "2.8", "2.17", "2.7", "2.6",
                             "2.5", "2.4", "2.3", "2.2", "2.1", "2.0"]
