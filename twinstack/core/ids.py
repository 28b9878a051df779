"""Identifiers, as OpenStack services make them (hex uuid for Keystone, dashed uuid elsewhere)."""

from __future__ import annotations

import base64
import os
import uuid


def hex_id() -> str:
    """Keystone's ids: 32 hex characters."""
    return uuid.uuid4().hex


def uuid_str() -> str:
    """Nova, Neutron, Glance, Cinder ids: a dashed UUID."""
    return str(uuid.uuid4())


def audit_id() -> str:
    """Keystone's token audit ids: 16 random bytes, urlsafe base64 without padding."""
    return base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
