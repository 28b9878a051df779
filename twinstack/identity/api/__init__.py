"""Identity API handlers, one module per resource family."""
