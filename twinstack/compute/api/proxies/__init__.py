"""Nova's proxy APIs that compute-core's modules do not serve: os-networks, os-tenant-networks,
os-volumes_boot and the nova-network calls Nova answers 410 to."""
