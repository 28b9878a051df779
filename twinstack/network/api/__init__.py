"""Neutron v2.0 API handlers: one generic CRUD runner, hand-written actions beside it."""
