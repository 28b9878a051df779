"""The block_storage service."""
