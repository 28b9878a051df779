"""The emulator's own control plane under ``/_twinstack/``: health, clouds.yaml, reset, ..."""
