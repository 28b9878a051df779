"""nova-conductor, small: the only compute component that writes instances."""
