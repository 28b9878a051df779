"""twinstack as a set of processes (``twinstack cluster up``, ``twinstack role ...``): roles, the state
they share through the database and the broker, and the supervisor. docs/topology.md draws it."""
