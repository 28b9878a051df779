"""The JSON Schemas Glance publishes under ``/v2/schemas`` and validates requests with, one module
per resource (images, members, tasks, metadefs); ``api/schemas.py`` serves them."""
