"""Runners for the real services. Each runs inside the .differential venv (never imported by the harness
itself, which talks to them over HTTP only) and prints one JSON line with its URL when it is ready."""
