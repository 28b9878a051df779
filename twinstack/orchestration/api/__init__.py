"""Heat's API handlers, per resource: stacks, their resources and events, and the rest."""
