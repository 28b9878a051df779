"""Swift's routes below ``/object-storage``, one table (the catalog points at ``/v1/AUTH_<project>``)."""

from __future__ import annotations

from twinstack.core.pipeline import Handler, public
from twinstack.object_storage.api import accounts, containers, info, objects

ACCOUNT: dict[str, Handler] = {"GET": accounts.get, "POST": accounts.post, "PUT": accounts.put,
                               "DELETE": accounts.delete}
CONTAINER: dict[str, Handler] = {"GET": containers.get, "PUT": containers.put, "POST": containers.post,
                                 "DELETE": containers.delete}
OBJECT: dict[str, Handler] = {"GET": objects.get, "PUT": objects.put, "POST": objects.post,
                              "DELETE": objects.delete, "COPY": objects.copy}

_TABLE: list[tuple[str, dict[str, Handler]]] = [
    ("/info", {"GET": info.info}),
    ("/healthcheck", {"GET": info.healthcheck}),
    ("/crossdomain.xml", {"GET": info.crossdomain}),
    ("/v1/{account}", ACCOUNT),
    ("/v1/{account}/", ACCOUNT),  # Swift takes a trailing slash at either level
    ("/v1/{account}/{container}", CONTAINER),
    ("/v1/{account}/{container}/", CONTAINER),
    ("/v1/{account}/{container}/{object:path}", OBJECT),
]

# Every route answers anonymous callers too: a container's ACL may let them in (keystoneauth decides, after
# auth_token passed the request on with delay_auth_decision), so handlers authorize for themselves.
ROUTES = [(path, {method: public(handler) for method, handler in methods.items()}) for path, methods in _TABLE]
