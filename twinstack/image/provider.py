"""Image as the cloud sees it: the Glance v2 API under ``/image``, its policies, its model section,
its import executors (tasks it owns for this cloud, cancelled on stop and reset) and its data
directory (on reset, files no image refers to are deleted; generated model data is kept)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.lazy_routes import LazyRoutes
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.core.tasks import TaskGroup
from twinstack.image import bootstrap, data, policies
from twinstack.image import tables as t
from twinstack.image.manager import imports

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# imported with its handlers when the router is built, after the cloud is ready (core/lazy_routes.py)
ROUTES = LazyRoutes("twinstack.image.routes")


class ImageProvider(Provider):
    name = imports.OWNER
    catalog = (CatalogEntry("image", "glance", "/image"),)

    def __init__(self) -> None:
        self.tasks = TaskGroup(self.name)  # import executors waiting on the clock or the data

    def service(self, cloud: Cloud) -> Service:
        return Service("image", "/image", "glance", ROUTES, unversioned=("", "/"))

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load_model(cloud, conn, section)

    def reset(self, cloud: Cloud) -> None:
        self.tasks.cancel_all()
        with cloud.store.read() as conn:
            rows = conn.execute(sa.select(t.images.c.id, t.images.c.location, t.images.c.staged_size)).all()
        keep = {row.location for row in rows if row.location}
        keep |= {data.staging_location(row.id) for row in rows if row.staged_size is not None}
        data.sweep(cloud, keep)

    async def stop(self, cloud: Cloud) -> None:
        self.tasks.cancel_all()

    def health(self, cloud: Cloud) -> dict[str, Any]:
        with cloud.store.read() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(t.images)).scalar()
        return {"status": "ok", "images": count}


