"""The cloud model: one YAML file (or several, layered) that says what the cloud contains."""
