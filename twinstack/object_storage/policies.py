"""Swift authorizes with keystoneauth, not oslo.policy: an operator role on the account's project may do
anything in it, the reseller admin anywhere, everyone else what container ACLs grant (api/common.py).
These are DevStack's proxy-server.conf values for ``operator_roles`` and ``reseller_admin_role``."""

from __future__ import annotations

OPERATOR_ROLES = frozenset({"admin", "member"})
RESELLER_ADMIN_ROLE = "ResellerAdmin"


def defaults() -> dict[str, str]:
    return {}
