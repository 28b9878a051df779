"""Placement's domain layer: providers and their inventories, traits and aggregates (``db``),
consumers and allocations (``allocs``), allocation candidates (``candidates``) and the standard
resource classes and traits (``standard``). The API handlers and ``local.py`` both sit on it."""
