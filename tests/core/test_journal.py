"""core/journal.py: one entry per API request with its caller, and the filters tests query it by."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from twinstack.core.context import Context
from twinstack.core.journal import Journal


def _ctx(**overrides: Any) -> Context:
    values: dict[str, Any] = {
        "token": "t", "user_id": "u1", "user_name": "alice", "user_domain_id": "default",
        "user_domain_name": "Default", "expires_at": datetime(2030, 1, 1), "issued_at": datetime(2029, 1, 1),
        "methods": ["password"], "audit_ids": [], "roles": [{"id": "r", "name": "member"}], "project_id": "p1",
        "project_name": "demo"}
    values.update(overrides)
    return Context(**values)


def _scope(path: str, service: str = "compute", method: str = "GET", **extra: Any) -> dict[str, Any]:
    return {"method": method, "path": path, "query_string": b"limit=1", "twinstack.service": service,
            "twinstack.request_id": "req-1", **extra}


def test_an_entry_says_what_the_request_was_and_who_made_it() -> None:
    journal = Journal()
    journal.record(_scope("/compute/v2.1/servers", **{"twinstack.route": "/v2.1/servers",
                                                       "twinstack.context": _ctx(),
                                                       "twinstack.version": "2.90"}), 200, 0.0123456)
    [entry] = journal.entries
    assert entry["id"] == 1 and entry["service"] == "compute" and entry["query"] == "limit=1"
    assert entry["operation"] == "GET /v2.1/servers" and entry["microversion"] == "2.90"
    assert entry["duration_ms"] == 12.346 and entry["status"] == 200
    assert (entry["user_name"], entry["project_name"], entry["roles"], entry["scope"]) == (
        "alice", "demo", ["member"], "project")


def test_scopes_without_a_context_and_control_requests() -> None:
    journal = Journal()
    journal.record(_scope("/identity/v3/auth/tokens", "identity", "POST"), 201, 0.001)
    journal.record(_scope("/_twinstack/journal", "control"), 200, 0.001)  # driving the emulator: not kept
    journal.record(_scope("/x", **{"twinstack.context": _ctx(project_id=None, domain_id="d")}), 200, 0)
    journal.record(_scope("/x", **{"twinstack.context": _ctx(project_id=None, system=True)}), 200, 0)
    journal.record(_scope("/x", **{"twinstack.context": _ctx(project_id=None)}), 200, 0)
    assert [e["scope"] for e in journal.entries] == [None, "domain", "system", "unscoped"]
    assert journal.entries[0]["operation"] is None and journal.entries[0]["user_id"] is None


def test_query_filters_since_and_limit() -> None:
    journal = Journal()
    for i, path in enumerate(["/compute/a", "/network/b", "/compute/c", "/compute/d"]):
        journal.record(_scope(path, path.split("/")[1], **{"twinstack.context": _ctx(
            roles=[{"id": "r", "name": "admin" if i == 2 else "member"}])}), 200 if i else 404, 0)
    assert [e["path"] for e in journal.query({"service": "compute"})] == ["/compute/a", "/compute/c", "/compute/d"]
    assert [e["id"] for e in journal.query({"status": "404"})] == [1]
    assert [e["id"] for e in journal.query({"path_contains": "work"})] == [2]
    assert [e["id"] for e in journal.query({"role": "admin"})] == [3]
    assert [e["id"] for e in journal.query({"since": "2"})] == [3, 4]
    assert [e["id"] for e in journal.query({}, limit=2)] == [3, 4]
    assert len(journal.query({"no_such_field": "x"})) == 4  # an unknown filter does not narrow
    journal.clear()
    assert journal.query({}) == []


def test_the_journal_keeps_only_the_newest_entries() -> None:
    journal = Journal(size=2)
    for _ in range(3):
        journal.record(_scope("/compute/x"), 200, 0)
    assert [e["id"] for e in journal.entries] == [2, 3]


def test_query_by_status_class_project_id_or_name_and_fault() -> None:
    journal = Journal()
    journal.record(_scope("/compute/a", **{"twinstack.context": _ctx()}), 200, 0)
    journal.record(_scope("/compute/b", **{"twinstack.context": _ctx(project_id="p2", project_name="alt"),
                                           "twinstack.fault": "fault-3"}), 503, 0)
    journal.record(_scope("/compute/c"), 404, 0)
    assert [e["id"] for e in journal.query({"status": "5xx"})] == [2]
    assert [e["id"] for e in journal.query({"status": "4XX"})] == [3]
    assert journal.query({"status": "xx5"}) == []  # not a class: compared as it is
    assert [e["id"] for e in journal.query({"project": "p1"})] == [e["id"] for e in journal.query({"project": "demo"})]
    assert [e["fault"] for e in journal.entries] == [None, "fault-3", None]
