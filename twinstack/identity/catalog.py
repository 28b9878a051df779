"""The service catalog, built from the services and endpoints tables (so it follows every change,
as Keystone's SQL catalog does) and cached until one of them changes."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.identity import tables as t


class Catalog:
    def __init__(self) -> None:
        self._rows: list[dict[str, Any]] | None = None

    def changed(self) -> None:
        self._rows = None

    def _load(self, conn: Connection) -> list[dict[str, Any]]:
        if self._rows is None:
            services = {
                r.id: dict(r._mapping)
                for r in conn.execute(sa.select(t.services).where(t.services.c.enabled.is_(True)))
            }
            endpoints = [
                dict(r._mapping)
                for r in conn.execute(
                    sa.select(t.endpoints).where(t.endpoints.c.enabled.is_(True)).order_by(t.endpoints.c.id)
                )
            ]
            entries: dict[str, dict[str, Any]] = {}
            for ep in endpoints:
                svc = services.get(ep["service_id"])
                if svc is None:
                    continue
                entry = entries.setdefault(svc["id"], {"service": svc, "endpoints": []})
                entry["endpoints"].append(ep)
            # Keystone's SQL catalog lists every enabled service, one without endpoints too
            for svc in services.values():
                entries.setdefault(svc["id"], {"service": svc, "endpoints": []})
            self._rows = list(entries.values())
        return self._rows

    @staticmethod
    def _url(url: str, project_id: str | None, user_id: str | None) -> str | None:
        values = {"project_id": project_id, "tenant_id": project_id, "user_id": user_id}
        for key, value in values.items():
            for pattern in (f"$({key})s", f"%({key})s"):
                if pattern in url:
                    if value is None:
                        return None
                    url = url.replace(pattern, value)
        return url

    def v3(self, conn: Connection, project_id: str | None = None, user_id: str | None = None) -> list[dict[str, Any]]:
        out = []
        for entry in self._load(conn):
            svc = entry["service"]
            eps = []
            for ep in entry["endpoints"]:
                url = self._url(ep["url"], project_id, user_id)
                if url is None:
                    continue
                eps.append(
                    {
                        "id": ep["id"],
                        "interface": ep["interface"],
                        "region_id": ep["region_id"],
                        "url": url,
                        "region": ep["region_id"],
                    }
                )
            out.append({"endpoints": eps, "id": svc["id"], "type": svc["type"], "name": svc["name"] or ""})
        return out

    def v2(self, conn: Connection, project_id: str | None = None, user_id: str | None = None) -> list[dict[str, Any]]:
        out = []
        for entry in self._load(conn):
            svc = entry["service"]
            by_region: dict[str, dict[str, Any]] = {}
            for ep in entry["endpoints"]:
                url = self._url(ep["url"], project_id, user_id)
                if url is None:
                    continue
                region = ep["region_id"] or ""
                item = by_region.setdefault(region, {"region": region, "id": ep["id"]})
                item[f"{ep['interface']}URL"] = url
            eps = []
            for item in by_region.values():
                public = item.get("publicURL") or item.get("internalURL") or item.get("adminURL")
                item.setdefault("publicURL", public)
                item.setdefault("internalURL", public)
                item.setdefault("adminURL", public)
                eps.append(item)
            out.append({"endpoints": eps, "endpoints_links": [], "type": svc["type"], "name": svc["name"] or ""})
        return out
