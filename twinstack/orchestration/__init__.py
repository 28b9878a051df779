"""Heat (orchestration v1): stacks from HOT templates over twinstack's own services."""
