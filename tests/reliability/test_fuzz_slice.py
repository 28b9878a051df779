"""A 5,000-request slice of ``make fuzz`` on every ``make test``: every route of every service, seeded
hostile requests from several clients against a real server; no 5xx, no hang, and a server still boots
afterwards. A failure prints each finding's shrunk reproduction and the server's traceback."""

from __future__ import annotations

import json

from fuzz.__main__ import fuzz


def test_five_thousand_hostile_requests_get_no_5xx_and_no_hang() -> None:
    run = fuzz(seed=11, count=5000, clients=8, time_limit=120, hang_after=30, per_schema=1, sweep=False)
    findings = json.dumps(run["findings"], indent=1)[:20000]
    assert run["requests"] == 5000
    assert run["status_5xx"] == 0, findings
    assert run["hangs"] == 0, findings
    assert run["server_boots_after"]
    assert run["routes_covered"] == run["routes_total"]  # routes are dealt from a deck: each one is sent
