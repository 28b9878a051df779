"""How Barbican shows its records: hrefs in place of ids (``secret_ref``, ``container_ref``), ISO times
without a zone, and list pages with ``total`` and ``next``/``previous`` hrefs."""

from __future__ import annotations

from typing import Any

from twinstack.key_manager.manager.common import iso


def href(base: str, kind: str, row_id: str) -> str:
    return f"{base}/v1/{kind}/{row_id}"


def secret(base: str, row: dict[str, Any], consumers: bool = True) -> dict[str, Any]:
    """A secret's metadata; ``consumers`` from microversion 1.1."""
    out = {
        "secret_ref": href(base, "secrets", row["id"]), "name": row["name"], "status": "ACTIVE",
        "created": iso(row["created_at"]), "updated": iso(row["updated_at"]),
        "expiration": iso(row["expiration"]), "algorithm": row["algorithm"], "bit_length": row["bit_length"],
        "mode": row["mode"], "secret_type": row["secret_type"], "creator_id": row["creator_id"],
    }
    if consumers:
        out["consumers"] = [{k: c[k] for k in ("service", "resource_type", "resource_id")} for c in row["consumers"]]
    if row["content_type"]:
        out["content_types"] = {"default": row["content_type"]}
    return out


def secret_store(base: str, row: dict[str, Any]) -> dict[str, Any]:
    """A store as secretstores.py's convert_secret_store_to_response_format shows it: its href, no id."""
    return {
        "name": row["name"], "status": "ACTIVE", "global_default": row["global_default"],
        "secret_store_plugin": row["store_plugin"], "crypto_plugin": row["crypto_plugin"],
        "created": iso(row["created_at"]), "updated": iso(row["updated_at"]),
        "secret_store_ref": href(base, "secret-stores", row["id"]),
    }


def page(base: str, kind: str, items: list[dict[str, Any]], total: int, offset: int, limit: int,
         query: str = "") -> dict[str, Any]:
    """barbican/common/hrefs.py add_nav_hrefs: ``previous`` when there is a page before, ``next`` after,
    none on an empty page; ``query`` (the other filters, urlencoded) follows limit and offset."""
    out: dict[str, Any] = {kind: items, "total": total}
    if not items:
        return out
    tail = f"&{query}" if query else ""
    if offset > 0:
        out["previous"] = f"{base}/v1/{kind}?limit={limit}&offset={max(0, offset - limit)}{tail}"
    if offset + limit < total:
        out["next"] = f"{base}/v1/{kind}?limit={limit}&offset={offset + limit}{tail}"
    return out




def container(base: str, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "container_ref": href(base, "containers", row["id"]), "name": row["name"], "type": row["type"],
        "status": "ACTIVE", "created": iso(row["created_at"]), "updated": iso(row["updated_at"]),
        "creator_id": row["creator_id"],
        "consumers": [{"name": c["name"], "URL": c["URL"]} for c in row["consumers"]],
        "secret_refs": [{"name": ref["name"], "secret_ref": href(base, "secrets", ref["secret_id"])}
                        for ref in row["secret_refs"]],
    }


def order(base: str, row: dict[str, Any]) -> dict[str, Any]:
    out = {
        "order_ref": href(base, "orders", row["id"]), "type": row["type"], "status": row["status"],
        "meta": row["meta"], "created": iso(row["created_at"]), "updated": iso(row["updated_at"]),
        "creator_id": row["creator_id"], "sub_status": "Unknown", "sub_status_message": "Unknown",
    }
    if row["secret_id"]:
        out["secret_ref"] = href(base, "secrets", row["secret_id"])
    if row["container_id"]:
        out["container_ref"] = href(base, "containers", row["container_id"])
    if row.get("error_status_code"):
        out.update(error_status_code=row["error_status_code"], error_reason=row["error_reason"])
    return out
