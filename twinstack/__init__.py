"""twinstack: an OpenStack cloud in one process, for shift-left testing."""

__version__ = "0.1.0"
