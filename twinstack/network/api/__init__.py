"""Neutron v2.0 HTTP handlers: each module routes one resource group to the core CRUD runner or to thin
hand-written handlers; the domain is ``manager/``."""
