"""Image's route table: path -> method -> handler (everything below ``/image``)."""

from __future__ import annotations

from twinstack.core.pipeline import Handler
from twinstack.image.api import (
    cache,
    discovery,
    image_data,
    images,
    locations,
    members,
    metadefs,
    schemas,
    tasks,
    versions,
)
from twinstack.image.api.metadefs import bind

IMAGE = "/v2/images/{image_id}"
NS = "/v2/metadefs/namespaces/{namespace}"

ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/", {"GET": versions.root}),
    ("/versions", {"GET": versions.explicit}),
    ("/v2", {"GET": versions.v2_redirect}),
    ("/v2/", {"GET": versions.v2_slash}),
    ("/v2/images", {"GET": images.index, "POST": images.create}),
    (IMAGE, {"GET": images.show, "PATCH": images.update, "DELETE": images.delete}),
    (f"{IMAGE}/file", {"GET": image_data.download, "PUT": image_data.upload}),
    (f"{IMAGE}/stage", {"PUT": image_data.stage}),
    (f"{IMAGE}/import", {"POST": tasks.import_image}),
    (f"{IMAGE}/tasks", {"GET": tasks.image_tasks}),
    (f"{IMAGE}/locations", {"GET": locations.index, "POST": locations.create}),
    (f"{IMAGE}/actions/deactivate", {"POST": images.deactivate}),
    (f"{IMAGE}/actions/reactivate", {"POST": images.reactivate}),
    (f"{IMAGE}/tags/{{tag}}", {"PUT": images.add_tag, "DELETE": images.delete_tag}),
    (f"{IMAGE}/members", {"GET": members.index, "POST": members.create}),
    (f"{IMAGE}/members/{{member_id}}", {"GET": members.show, "PUT": members.update, "DELETE": members.delete}),
    ("/v2/cache", {"GET": cache.state, "DELETE": cache.clear}),
    ("/v2/cache/clean", {"POST": cache.clean}),  # before /v2/cache/{image_id}, which would take "clean"
    ("/v2/cache/prune", {"POST": cache.prune}),
    ("/v2/cache/{image_id}", {"PUT": cache.queue_image, "DELETE": cache.delete_entry}),
    ("/v2/info/import", {"GET": discovery.import_info}),
    ("/v2/info/stores", {"GET": discovery.stores}),
    ("/v2/info/stores/detail", {"GET": discovery.stores_detail}),
    ("/v2/info/usage", {"GET": discovery.usage}),
    ("/v2/schemas/image", {"GET": schemas.image}),
    ("/v2/schemas/images", {"GET": schemas.images}),
    ("/v2/schemas/member", {"GET": schemas.member}),
    ("/v2/schemas/members", {"GET": schemas.members}),
    ("/v2/schemas/task", {"GET": schemas.task}),
    ("/v2/schemas/tasks", {"GET": schemas.tasks}),
    ("/v2/tasks", {"GET": tasks.index, "POST": tasks.create}),
    ("/v2/metadefs/resource_types", {"GET": metadefs.list_resource_types}),
    ("/v2/metadefs/namespaces", {"GET": metadefs.list_namespaces, "POST": metadefs.create_namespace}),
    (NS, {"GET": metadefs.show_namespace, "PUT": metadefs.update_namespace, "DELETE": metadefs.delete_namespace}),
    (f"{NS}/resource_types", {"GET": metadefs.list_associations, "POST": metadefs.create_association}),
    (f"{NS}/resource_types/{{name}}", {"DELETE": metadefs.delete_association}),
    (f"{NS}/objects", {"GET": bind(metadefs.list_items, "object"), "POST": bind(metadefs.create_item, "object")}),
    (f"{NS}/objects/{{name}}", {"GET": bind(metadefs.show_item, "object"), "PUT": bind(metadefs.update_item, "object"),
                                "DELETE": bind(metadefs.delete_item, "object")}),
    (f"{NS}/properties", {"GET": bind(metadefs.list_items, "property"),
                          "POST": bind(metadefs.create_item, "property")}),
    (f"{NS}/properties/{{name}}", {"GET": bind(metadefs.show_item, "property"),
                                   "PUT": bind(metadefs.update_item, "property"),
                                   "DELETE": bind(metadefs.delete_item, "property")}),
    (f"{NS}/tags", {"GET": bind(metadefs.list_items, "tag"), "POST": bind(metadefs.create_item, "tag"),
                    "DELETE": metadefs.delete_tags}),
    (f"{NS}/tags/{{name}}", {"GET": bind(metadefs.show_item, "tag"), "POST": metadefs.create_tag,
                             "PUT": bind(metadefs.update_item, "tag"), "DELETE": bind(metadefs.delete_item, "tag")}),
    ("/v2/schemas/metadefs/{name}", {"GET": schemas.metadef}),
    ("/v2/tasks/{task_id}", {"GET": tasks.show}),
]
