"""A fuzzer that knows every route of every service (``make fuzz``, docs/reliability.md)."""
