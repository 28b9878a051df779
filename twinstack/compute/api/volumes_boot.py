"""Nova's os-volumes_boot: the servers API under its old name (volume-backed boots came first),
served to 2.102 and gone (404) from 2.103, as Nova's VolumesBootController."""

from __future__ import annotations

from typing import Any

from twinstack.compute.api import server_actions, servers
from twinstack.compute.api.resources_common import removed_at
from twinstack.core.pipeline import Handler, Req


def _until_2_102(handler: Handler) -> Handler:
    async def alias(req: Req) -> Any:
        removed_at(req, 2, 103)
        return await handler(req)
    alias.__name__ = f"volumes_boot_{getattr(handler, '__name__', 'handler')}"
    return alias


index = _until_2_102(servers.index)
create = _until_2_102(servers.create)
detail = _until_2_102(servers.detail)
show = _until_2_102(servers.show)
update = _until_2_102(servers.update)
delete = _until_2_102(servers.delete)
action = _until_2_102(server_actions.action)
