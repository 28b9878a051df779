"""Compute's domain layer: the compute API (api.py, on a RequestContext from context.py), instances,
states, quota, hosts, flavors, aggregates, volumes, Placement (placement_client.py), and the compute
manager of each host (compute.py, nova-compute small, driving its virt driver)."""
