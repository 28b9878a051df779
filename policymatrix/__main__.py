"""``python -m policymatrix``: start twinstack with its policy trace on, make the personas and the
fixtures, drive every route as every persona, ask upstream, write docs/policy-matrix.{md,json}."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from policymatrix import compare, expected, report
from policymatrix.drive import Driver
from policymatrix.routes import all_routes
from policymatrix.setup import Setup
from twinstack.testing import Cloud

UPSTREAM = ("nova 34.0.0, neutron 29.0.0, cinder 29.0.0, glance 33.0.0, keystone 30.0.0, "
            "openstack-placement 16.0.0 on oslo.policy 6.0.0 (policymatrix/requirements.txt)")


def main() -> None:
    parser = argparse.ArgumentParser(prog="policymatrix")
    parser.add_argument("--docs", default="docs")
    parser.add_argument("--only", default="", help="a substring of the routes to drive (a quick look)")
    args = parser.parse_args()
    trace = Path(tempfile.mkdtemp(prefix="policymatrix-")) / "trace.jsonl"
    started = time.monotonic()
    with Cloud(env={"TWINSTACK_POLICY_TRACE": str(trace)}, startup_timeout=60) as cloud:
        assert cloud.url is not None
        setup = Setup(cloud.url)
        setup.personas()
        setup.fixtures()
        routes = [r for r in all_routes() if args.only in r.key]
        outcomes = Driver(setup, trace).run(routes)
    expected.add_route_checks(outcomes, setup.ids["project"])
    compare.ask_upstream(outcomes)
    figures = report.write(outcomes, Path(args.docs), {"upstream": UPSTREAM})
    print(json.dumps({**figures, "seconds": round(time.monotonic() - started, 1)}, indent=1))


if __name__ == "__main__":
    main()
