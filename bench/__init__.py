"""twinstack's benchmarks (``make bench``): every figure beside a same-run baseline."""
