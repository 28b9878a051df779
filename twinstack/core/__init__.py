"""Plumbing every service shares and none owns: pipeline, errors, policy, microversions, store."""
