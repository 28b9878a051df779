"""Compute's domain layer: the compute API (api.py, on a RequestContext from context.py), the server
list's search (search.py), instances, states, quota, hosts, flavors, aggregates, volumes, Placement
(placement_client.py), and each host's compute manager (compute.py, driving its virt driver)."""
