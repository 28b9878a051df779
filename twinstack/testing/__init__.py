"""Testing helpers: start a real twinstack for a test run (``Cloud``) and the pytest plugin."""

from twinstack.testing.cloud import Cloud

__all__ = ["Cloud"]
