"""The key manager: Barbican's v1 API (secrets, containers, orders, ACLs, consumers, quotas)."""
