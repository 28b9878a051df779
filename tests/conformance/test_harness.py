"""The harness's own logic: tempest.conf generated from a real running cloud, and the report's
reading of tempest's results (error lines, grouping by cause, class set-up failures)."""

from __future__ import annotations

import configparser
from pathlib import Path

from conformance import report
from conformance.discover import discover
from conformance.tempest_conf import render, settings, skip_flags
from twinstack.testing import Cloud


def test_tempest_conf_from_running_cloud(twinstack_cloud: Cloud, tmp_path: Path) -> None:
    d = discover(twinstack_cloud.url or "")
    assert "identity" in d.catalog
    items = settings(d, tmp_path)
    conf = configparser.ConfigParser(interpolation=None)
    conf.read_string(render(items))
    assert conf["identity"]["uri_v3"] == f"{twinstack_cloud.url}/identity/v3"
    assert conf["auth"]["use_dynamic_credentials"] == "true"
    assert conf["auth"]["admin_username"] == "admin"
    assert conf["validation"]["run_validation"] == "false"
    # service_available follows the catalog, nothing else
    assert conf["service_available"]["nova"] == ("true" if "compute" in d.catalog else "false")
    assert conf["service_available"]["swift"] == ("true" if "object-store" in d.catalog else "false")
    if "compute" in d.catalog:
        assert conf["compute"]["build_interval"] == "1"   # tempest 47: an IntOpt, 1 is its shortest poll
        assert conf["compute"]["max_microversion"].startswith("2.")
    if "network" in d.catalog:
        assert conf["network-feature-enabled"]["api_extensions"] != "all"
    # every flag that makes tempest skip is published with its reason
    assert all(flag["reason"] for flag in skip_flags(items))


def test_first_error_line_takes_the_innermost_exception_with_details() -> None:
    tb = ("Traceback (most recent call last):\n  File \"x.py\", line 1, in f\n    raise X\n"
          "tempest.lib.exceptions.NotFound: Object not found\nDetails: {'code': 404}\n")
    assert report.first_error_line(tb) == "tempest.lib.exceptions.NotFound: Object not found Details: {'code': 404}"
    assert report.first_error_line("", "reason given") == "reason given"


def test_class_setup_failure_fails_each_test_of_the_class_and_groups_by_cause() -> None:
    cls = "tempest.api.identity.admin.v3.test_domains.DomainsTestJSON"
    listed = [f"{cls}.test_a[id-1]", f"{cls}.test_b[id-2]",
              "tempest.api.identity.v3.test_tokens.TokensV3Test.test_create_token[id-3,smoke]"]
    records = [
        {"id": f"setUpClass ({cls})", "status": "fail", "reason": "", "log": "",
         "traceback": "Traceback:\ntempest.lib.exceptions.InvalidCredentials: Invalid Credentials\n"},
        {"id": listed[2], "status": "success", "reason": "", "traceback": "", "log": ""},
    ]
    log = "Request (DomainsTestJSON:setUpClass): 404 GET http://127.0.0.1:1/identity/v3/domains?name=Default 0.01s"
    out = report.collect(records, listed, report.class_setup_requests(log))["identity"]
    assert (out["passed"], out["failed"], out["skipped"]) == (1, 2, 0)
    assert out["pass_rate"] == 33.3
    [group] = out["failures_by_cause"]
    assert group["count"] == 2 and "InvalidCredentials" in group["cause"]
    assert group["tests"][0]["request"] == "404 GET /identity/v3/domains"


def test_class_skip_skips_its_tests_and_unreported_tests_fail() -> None:
    cls = "tempest.api.compute.admin.test_live_migration.LiveMigrationTest"
    listed = [f"{cls}.test_a", "tempest.api.compute.servers.test_x.X.test_y"]
    records = [{"id": f"setUpClass ({cls})", "status": "skip", "reason": "Less than 2 compute nodes",
                "traceback": "", "log": ""}]
    out = report.collect(records, listed)["compute"]
    assert (out["passed"], out["failed"], out["skipped"]) == (0, 1, 1)
    assert out["skips_by_reason"][0]["reason"] == "Less than 2 compute nodes"
    assert "NoResult" in out["failures_by_cause"][0]["cause"]


def test_uuids_and_ports_do_not_split_causes() -> None:
    a = report.cause_of("NotFound: server 8c7a1d6e-3b0a-4c55-9f61-2f1e7c6f0a11 not found at http://127.0.0.1:4242/x")
    b = report.cause_of("NotFound: server 0f5c4bb2-6f55-4c2b-8b11-8a3c1a0e9d01 not found at http://127.0.0.1:5151/x")
    assert a == b


def test_merge_keeps_other_services_and_lists_regressions(tmp_path: Path) -> None:
    path = tmp_path / "conformance.json"
    run = {"run": {"date": "d1", "tempest_version": "47.0.0", "commit": "a"}, "flags": [],
           "services": {"identity": {"passed_tests": ["t1", "t2"], "failures_by_cause": []},
                        "image": {"passed_tests": ["i1"], "failures_by_cause": []}}}
    path.write_text(__import__("json").dumps(report.merge(path, run)))
    run2 = {"run": {"date": "d2", "tempest_version": "47.0.0", "commit": "b"}, "flags": [],
            "services": {"identity": {"passed_tests": ["t1"], "failures_by_cause": [
                {"cause": "x", "count": 1, "tests": [{"id": "t2", "error": "x", "request": ""}]}]}}}
    merged = report.merge(path, run2)
    assert merged["services"]["identity"]["regressions"] == ["t2"]
    assert merged["services"]["image"]["run"]["commit"] == "a"   # not measured again: kept
    assert merged["services"]["identity"]["run"]["commit"] == "b"
