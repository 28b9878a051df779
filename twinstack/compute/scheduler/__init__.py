"""nova-scheduler, small: Placement candidates, then filters, then weighers, then a claim."""
