"""Nova's proxy APIs (deprecated, served up to 2.35): volumes, snapshots, floating IPs, networks.
Each answers from the owning service in-process, in Nova's shapes and fault format."""
