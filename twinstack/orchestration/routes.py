"""Heat's routes below ``/heat-api`` (DevStack's URL), each under ``/v1/{tenant_id}`` as Heat's router has them."""

from __future__ import annotations

from twinstack.core.pipeline import Handler, public
from twinstack.orchestration.api import deployments, misc, resources, stacks

S = "/v1/{tenant_id}/stacks/{stack_name}/{stack_id}"
LOOKUP: Handler = stacks.lookup
SUB_PATHS = ("resources", "events", "template", "actions", "environment", "files")

ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/", {"GET": public(misc.versions)}),
    ("/v1/{tenant_id}/stacks", {"GET": stacks.index, "POST": stacks.create}),
    ("/v1/{tenant_id}/stacks/detail", {"GET": stacks.index}),
    ("/v1/{tenant_id}/stacks/preview", {"POST": stacks.preview}),
    ("/v1/{tenant_id}/stacks/{stack_name}", dict.fromkeys(("GET", "POST", "PUT", "PATCH", "DELETE"), LOOKUP)),
    # before /stacks/<name>/<id>: Heat's lookups of a sub-path by the stack's name alone
    *[(f"/v1/{{tenant_id}}/stacks/{{stack_name}}/{path}", {"GET": LOOKUP, "POST": LOOKUP}) for path in SUB_PATHS],
    (S, {"GET": stacks.show, "PUT": stacks.update, "PATCH": stacks.update_patch, "DELETE": stacks.delete}),
    (f"{S}/abandon", {"DELETE": stacks.abandon}),
    (f"{S}/preview", {"PUT": stacks.preview_update, "PATCH": stacks.preview_update_patch}),
    (f"{S}/template", {"GET": stacks.template}),
    (f"{S}/environment", {"GET": stacks.environment_of}),
    (f"{S}/files", {"GET": stacks.files_of}),
    (f"{S}/outputs", {"GET": stacks.outputs}),
    (f"{S}/outputs/{{output_key}}", {"GET": stacks.output}),
    (f"{S}/actions", {"POST": misc.action}),
    (f"{S}/snapshots", {"GET": misc.snapshot_index, "POST": misc.snapshot_create}),
    (f"{S}/snapshots/{{snapshot_id}}", {"GET": misc.snapshot_show, "DELETE": misc.snapshot_delete}),
    (f"{S}/snapshots/{{snapshot_id}}/restore", {"POST": misc.snapshot_restore}),
    (f"{S}/resources", {"GET": resources.index}),
    (f"{S}/resources/{{resource_name}}", {"GET": resources.show, "PATCH": resources.mark_unhealthy}),
    (f"{S}/resources/{{resource_name}}/metadata", {"GET": resources.metadata}),
    (f"{S}/resources/{{resource_name}}/signal", {"POST": resources.signal}),
    (f"{S}/resources/{{resource_name}}/events", {"GET": resources.events}),
    (f"{S}/resources/{{resource_name}}/events/{{event_id}}", {"GET": resources.event}),
    (f"{S}/events", {"GET": resources.events}),
    ("/v1/{tenant_id}/validate", {"POST": misc.validate}),
    ("/v1/{tenant_id}/resource_types", {"GET": misc.resource_types}),
    ("/v1/{tenant_id}/resource_types/{type_name}", {"GET": misc.resource_type}),
    ("/v1/{tenant_id}/resource_types/{type_name}/template", {"GET": misc.resource_type_template}),
    ("/v1/{tenant_id}/template_versions", {"GET": misc.template_versions}),
    ("/v1/{tenant_id}/template_versions/{template_version}/functions", {"GET": misc.template_functions}),
    ("/v1/{tenant_id}/build_info", {"GET": misc.build_info}),
    ("/v1/{tenant_id}/services", {"GET": misc.services}),
    ("/v1/{tenant_id}/software_configs", {"GET": misc.config_index, "POST": misc.config_create}),
    ("/v1/{tenant_id}/software_configs/{config_id}", {"GET": misc.config_show, "DELETE": misc.config_delete}),
    ("/v1/{tenant_id}/software_deployments", {"GET": deployments.index, "POST": deployments.create}),
    ("/v1/{tenant_id}/software_deployments/metadata/{server_id}", {"GET": deployments.metadata}),
    ("/v1/{tenant_id}/software_deployments/{deployment_id}", {"GET": deployments.show, "PUT": deployments.update,
                                                               "DELETE": deployments.delete}),
]
