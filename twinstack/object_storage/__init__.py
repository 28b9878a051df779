"""Object storage: Swift's v1 API (accounts, containers, objects) under ``/object-storage``, data streamed
to the state directory as Glance's images are, listings and counters in the store."""
