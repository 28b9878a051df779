"""Neutron's request schemas: per resource, its attribute map as neutron-lib's API definitions
declare it (which fields a create or update may carry, their converters and defaults, filters, sorts).
Data only: nothing here imports the manager, the handlers or the tables."""
