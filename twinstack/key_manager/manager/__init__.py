"""Barbican's records: secrets (with their encrypted payloads), containers, orders and quotas, each write
one transaction. ``common`` holds what they share: rows by id, paging, the clock."""
