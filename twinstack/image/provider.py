"""Image as the cloud sees it: the Glance v2 API under ``/image``, its policies, its model section,
and its data directory (on reset, files no image refers to are deleted; generated model data is kept)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.image import bootstrap, data, policies
from twinstack.image import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


class ImageProvider(Provider):
    name = "image"
    catalog = (CatalogEntry("image", "glance", "/image"),)

    def service(self, cloud: "Cloud") -> Service:
        from twinstack.image.routes import ROUTES

        return Service("image", "/image", "glance", ROUTES, unversioned=("", "/"))

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: "Cloud", conn: Connection, section: Any) -> None:
        bootstrap.load_model(cloud, conn, section)

    def reset(self, cloud: "Cloud") -> None:
        from twinstack.image.api.tasks import cancel_all

        cancel_all()
        with cloud.store.read() as conn:
            rows = conn.execute(sa.select(t.images.c.id, t.images.c.location, t.images.c.staged_size)).all()
        keep = {row.location for row in rows if row.location}
        keep |= {data.staging_location(row.id) for row in rows if row.staged_size is not None}
        data.sweep(cloud, keep)

    async def stop(self, cloud: "Cloud") -> None:
        from twinstack.image.api.tasks import cancel_all

        cancel_all()

    def health(self, cloud: "Cloud") -> dict[str, Any]:
        with cloud.store.read() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(t.images)).scalar()
        return {"status": "ok", "images": count}


