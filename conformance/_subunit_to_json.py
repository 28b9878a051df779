"""Run by the tempest venv's python (it has python-subunit and testtools): reads a subunit v2
stream on stdin, prints one JSON object per test: id, status, reason, traceback, log lines."""

import json
import sys

import subunit
import testtools

MAX_LOG = 200_000


def main() -> None:
    out = sys.stdout

    def on_test(test: dict) -> None:
        details = test.get("details", {})

        def text(name: str) -> str:
            content = details.get(name)
            if content is None:
                return ""
            try:
                return content.as_text()
            except Exception:
                return ""

        log = text("pythonlogging:''")
        record = {"id": test["id"], "status": test["status"], "reason": text("reason"),
                  "traceback": text("traceback"), "log": log[-MAX_LOG:]}
        out.write(json.dumps(record) + "\n")

    case = subunit.ByteStreamToStreamResult(sys.stdin.buffer, non_subunit_name="stdout")
    result = testtools.StreamToDict(on_test)
    result.startTestRun()
    try:
        case.run(result)
    finally:
        result.stopTestRun()


if __name__ == "__main__":
    main()
