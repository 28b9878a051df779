"""Network's domain layer: one module per resource group (declarations, Ops, allocation, IPAM,
RBAC visibility); ``api/`` handlers, ``local.py`` and ``bootstrap.py`` call it."""
