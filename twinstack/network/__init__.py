"""The network service: Neutron v2.0 (networks, subnets, subnet pools, ports, routers, floating IPs,
security groups, RBAC, quotas, agents), its IPAM, and the in-process calls Nova makes (local.py)."""
