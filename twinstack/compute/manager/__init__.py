"""nova-compute, small: one manager per fake host, driving its virt driver."""
