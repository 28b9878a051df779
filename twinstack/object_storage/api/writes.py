"""Writing an object row: its container re-read and its quotas checked in the same transaction as the
write, the data file it replaced removed only after the row points at the new one."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from twinstack.core.pipeline import Req
from twinstack.object_storage import manager, views
from twinstack.object_storage.errors import status, text_error
from twinstack.object_storage.manager import files, versions


def store(req: Req, crow: dict[str, Any], values: dict[str, Any], created: bool,
           extra: dict[str, str] | None = None) -> Response:
    """Write the row (quotas checked inside the same transaction), then drop the file it replaced."""
    try:
        with req.cloud.store.begin() as conn:
            fresh = manager.get_container(conn, crow["account"], crow["name"])
            if fresh is None:
                raise status(404)
            check_quota(req, conn, fresh, values)
            archive = versions.archive_of(conn, fresh)
            old = manager.get_object(conn, fresh["id"], values["name"]) if archive else None
            if archive and old is not None and not old["meta"].get("x-object-manifest"):
                versions.keep(conn, archive[1], old)  # the archive takes over the old data file
            replaced = manager.put_object(conn, fresh["id"], values)
            if archive and old is not None and not old["meta"].get("x-object-manifest"):
                replaced = None
    except BaseException:
        files.remove(req.cloud, values.get("location"))
        raise
    if replaced != values.get("location"):
        files.remove(req.cloud, replaced)
    headers = {"Etag": values["etag"], "Last-Modified": views.http_date(values["timestamp"]),
               "Content-Type": "text/html; charset=UTF-8", **(extra or {})}
    return Response(status_code=201 if created else 202, headers=headers)


def check_quota(req: Req, conn: Any, crow: dict[str, Any], values: dict[str, Any]) -> None:
    """container_quotas and account_quotas: the write that would cross a limit is a 413."""
    old = manager.get_object(conn, crow["id"], values["name"])
    grow = values["size"] - (old["size"] if old else 0)
    more = 0 if old else 1
    meta = crow["meta"]
    bytes_quota, count_quota = meta.get("x-container-meta-quota-bytes"), meta.get("x-container-meta-quota-count")
    if bytes_quota is not None and crow["bytes_used"] + grow > int(bytes_quota):
        raise text_error(413, "Upload exceeds quota.")
    if count_quota is not None and crow["object_count"] + more > int(count_quota):
        raise text_error(413, "Upload exceeds quota.")
    account = manager.get_account(conn, crow["account"]) or {"meta": {}}
    ameta = account["meta"]
    bytes_limit = ameta.get("x-account-quota-bytes") or ameta.get("x-account-meta-quota-bytes")
    count_limit = ameta.get("x-account-quota-count")
    if bytes_limit is None and count_limit is None:
        return
    _containers, objects, used = manager.account_totals(conn, crow["account"])
    if (bytes_limit is not None and used + grow > int(bytes_limit)) or (
            count_limit is not None and objects + more > int(count_limit)):
        raise text_error(413, "Upload exceeds quota.")
