"""Identity's request bodies as JSON Schema, one module per resource (Keystone has no
microversions, so each body has one schema: ``CREATE``, ``UPDATE``...)."""
