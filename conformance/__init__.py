"""The conformance harness: runs OpenStack's own test suite (tempest 47.0.0) against twinstack and
publishes the results in docs/conformance.md and docs/conformance.json. ``python -m conformance``."""

TEMPEST_VERSION = "47.0.0"
