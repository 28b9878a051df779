"""Request schemas per microversion (nova/api/openstack/compute/schemas, our own wording)."""
