"""nova-conductor, small: schedules and moves instances and writes what the compute managers report."""
