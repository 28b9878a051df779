"""The service catalog, built from the services and endpoints tables (so it follows every change,
as Keystone's SQL catalog does) and cached until one of them changes. A project with OS-EP-FILTER
associations (endpoints, or endpoint groups that select some) sees only those endpoints, and only
the services left with one: Keystone 30's default ``sql`` catalog driver filters so, and returns the
whole catalog when the associations select nothing ([endpoint_filter]
return_all_endpoints_if_no_filter defaults to true)."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.identity import tables as t


def group_endpoints(conn: Connection, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """The endpoints an endpoint group selects: every one (enabled or not) matching all its filters."""
    query = sa.select(t.endpoints)
    for key, value in filters.items():
        query = query.where(t.endpoints.c[key] == value)
    return [dict(r._mapping) for r in conn.execute(query.order_by(t.endpoints.c.id))]


def project_endpoints(conn: Connection, project_id: str) -> dict[str, dict[str, Any]]:
    """A project's endpoints by id: those associated with it directly, then those of its endpoint groups."""
    pe, peg, eg = t.project_endpoints, t.project_endpoint_groups, t.endpoint_groups
    direct = sa.select(t.endpoints).join(pe, pe.c.endpoint_id == t.endpoints.c.id).where(
        pe.c.project_id == project_id)
    found = {r.id: dict(r._mapping) for r in conn.execute(direct.order_by(t.endpoints.c.id))}
    groups = sa.select(eg.c.filters).join(peg, peg.c.endpoint_group_id == eg.c.id).where(
        peg.c.project_id == project_id)
    for (filters,) in conn.execute(groups.order_by(eg.c.id)):
        for ep in group_endpoints(conn, filters or {}):
            found.setdefault(ep["id"], ep)
    return found


def service_providers(conn: Connection) -> list[dict[str, Any]]:
    """The enabled OS-FEDERATION service providers a token lists (keystone adds the key only when any are)."""
    query = sa.select(t.service_providers).where(t.service_providers.c.enabled.is_(True))
    return [{"auth_url": r.auth_url, "id": r.id, "sp_url": r.sp_url}
            for r in conn.execute(query.order_by(t.service_providers.c.id))]


class Catalog:
    def __init__(self) -> None:
        self._rows: list[dict[str, Any]] | None = None
        self._filters: dict[str, set[str]] = {}
        # rendered v3 catalogs per (project, user) and the service providers: a token issue or
        # validation then reads no table and renders nothing (read-only for callers)
        self._v3: dict[tuple[str | None, str | None], list[dict[str, Any]]] = {}
        self._v3_json: dict[tuple[str | None, str | None], str] = {}
        self._providers: list[dict[str, Any]] | None = None

    def changed(self) -> None:
        self._rows = None
        self._filters = {}
        self._v3 = {}
        self._v3_json = {}
        self._providers = None

    def service_providers(self, conn: Connection) -> list[dict[str, Any]]:
        if self._providers is None:
            self._providers = service_providers(conn)
        return self._providers

    def v3_json(self, conn: Connection, project_id: str | None, user_id: str | None) -> str:
        """``v3_cached`` as compact JSON: a token body splices it in rather than encoding ~30 endpoints again."""
        key = (project_id, user_id)
        found = self._v3_json.get(key)
        if found is None:
            found = json.dumps(self.v3_cached(conn, project_id, user_id), separators=(",", ":"))
            if len(self._v3_json) > 10000:
                self._v3_json = {}
            self._v3_json[key] = found
        return found

    def v3_cached(self, conn: Connection, project_id: str | None, user_id: str | None) -> list[dict[str, Any]]:
        """``v3`` remembered until the catalog or identity data changes (the catalog depends on both)."""
        key = (project_id, user_id)
        found = self._v3.get(key)
        if found is None:
            found = self.v3(conn, project_id, user_id)
            if len(self._v3) > 10000:
                self._v3 = {}
            self._v3[key] = found
        return found

    def _entries(self, conn: Connection, project_id: str | None) -> list[dict[str, Any]]:
        entries = self._load(conn)
        if not project_id:
            return entries
        if project_id not in self._filters:
            self._filters[project_id] = set(project_endpoints(conn, project_id))
        allowed = self._filters[project_id]
        if not allowed:
            return entries
        narrowed = [{"service": e["service"], "endpoints": [ep for ep in e["endpoints"] if ep["id"] in allowed]}
                    for e in entries]
        return [e for e in narrowed if e["endpoints"]]

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
        for entry in self._entries(conn, project_id):
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
        for entry in self._entries(conn, project_id):
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
