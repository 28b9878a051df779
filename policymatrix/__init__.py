"""The policy matrix: every route of every service, asked as each kind of caller, against the
upstream services' own policy-in-code defaults (docs/policy-matrix.md says how it is read)."""
