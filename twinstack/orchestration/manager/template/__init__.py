"""The HOT template engine: parsing (hot.py), parameters and their constraints (parameters.py), intrinsic
functions and conditions (functions.py), the resource dependency graph (graph.py)."""
