"""Static web (swift/common/middleware/staticweb.py): a public container answers anonymous browsers (or a
caller that sends ``X-Web-Mode: true``) like a web site: its ``web-index`` object for a directory, an HTML
listing when ``web-listings`` is on (styled by ``web-listings-css``), and ``<status><web-error>`` pages."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import quote

from starlette.responses import Response

from twinstack.core.pipeline import Req
from twinstack.object_storage import manager
from twinstack.object_storage import schemas as limits
from twinstack.object_storage.api import common

META = "x-container-meta-web-"


def active(req: Req, crow: dict[str, Any]) -> bool:
    web_mode = (req.headers.get("x-web-mode") or "").lower() in ("true", "1", "yes", "on")
    return (req.ctx is None or web_mode) and any(key.startswith(META) for key in crow["meta"])


def index_of(crow: dict[str, Any], path: str) -> str:
    index = crow["meta"].get(META + "index", "")
    if not index:
        return ""
    return f"{path}{index}" if not path or path.endswith("/") else f"{path}/{index}"


def error_name(crow: dict[str, Any], code: int) -> str:
    page = crow["meta"].get(META + "error", "")
    return f"{code}{page}" if page else ""


def listing(req: Req, account: str, crow: dict[str, Any], prefix: str = "") -> Response | None:
    """The container as a web page: its index object's name, or the HTML listing, or None (not a site)."""
    if (crow["meta"].get(META + "listings") or "").lower() not in ("true", "1", "yes", "on"):
        return None
    with req.cloud.store.read() as conn:
        items = manager.list_objects(conn, crow["id"], manager.Listing(
            limit=limits.CONTAINER_LISTING_LIMIT, prefix=prefix, delimiter="/"), common.now(req))
    title = escape(f"/v1/{account}/{crow['name']}/{prefix}")
    css = crow["meta"].get(META + "listings-css")
    style = (f'  <link rel="stylesheet" type="text/css" href="{escape(css)}" />\n' if css else
             "  <style>h1 {font-size: 1em; font-weight: bold;} td {padding: 0px 1em;}</style>\n")
    rows = []
    for item in items:
        name = item.get("subdir") or item["name"]
        shown = name[len(prefix):]
        if "subdir" in item:
            rows.append(f'   <tr class="item subdir"><td class="colname"><a href="{quote(shown)}">{escape(shown)}'
                        '</a></td><td class="colsize">&nbsp;</td><td class="coldate">&nbsp;</td></tr>')
            continue
        date = datetime.fromtimestamp(item["timestamp"], UTC).strftime("%Y-%m-%d %H:%M:%S")
        rows.append(f'   <tr class="item"><td class="colname"><a href="{quote(shown)}">{escape(shown)}</a></td>'
                    f'<td class="colsize">{item["size"]}</td><td class="coldate">{date}</td></tr>')
    body = (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
        '"http://www.w3.org/TR/html4/loose.dtd">\n<html>\n <head>\n'
        f"  <title>Listing of {title}</title>\n{style} </head>\n <body>\n"
        f'  <h1 id="title">Listing of {title}</h1>\n  <table id="listing">\n'
        '   <tr id="heading"><th class="colname">Name</th><th class="colsize">Size</th>'
        '<th class="coldate">Date</th></tr>\n' + "\n".join(rows) + "\n  </table>\n </body>\n</html>\n"
    )
    return Response(body, headers={"Content-Type": "text/html; charset=UTF-8"})
