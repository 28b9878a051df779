"""Cinder's route table: path -> method -> handler, below ``/volume``. Each resource path is served
both as ``/v3/{project_id}/...`` and, as from 3.67, ``/v3/...`` (accepted at any version, since
clients use the catalog URL as it is). Project-less paths come first so literal segments win."""

from __future__ import annotations

from twinstack.block_storage.api import (
    actions,
    attachments,
    backups,
    encryption,
    groups,
    misc,
    qos,
    snapshots,
    transfers,
    types,
    versions,
    volumes,
)
from twinstack.core.pipeline import Handler

RESOURCES: list[tuple[str, dict[str, Handler]]] = [
    # volumes
    ("/volumes", {"GET": volumes.index, "POST": volumes.create}),
    ("/volumes/detail", {"GET": volumes.detail}),
    ("/volumes/summary", {"GET": volumes.summary}),
    ("/volumes/{volume_id}", {"GET": volumes.show, "PUT": volumes.update, "DELETE": volumes.delete}),
    ("/volumes/{volume_id}/action", {"POST": actions.action}),
    ("/volumes/{volume_id}/metadata", {"GET": volumes.metadata_show, "POST": volumes.metadata_create,
                                       "PUT": volumes.metadata_replace}),
    ("/volumes/{volume_id}/metadata/{key}", {"GET": volumes.metadata_item_show, "PUT": volumes.metadata_item_update,
                                             "DELETE": volumes.metadata_item_delete}),
    # snapshots
    ("/snapshots", {"GET": snapshots.index, "POST": snapshots.create}),
    ("/snapshots/detail", {"GET": snapshots.detail}),
    ("/snapshots/{snapshot_id}", {"GET": snapshots.show, "PUT": snapshots.update, "DELETE": snapshots.delete}),
    ("/snapshots/{snapshot_id}/action", {"POST": snapshots.action}),
    ("/snapshots/{snapshot_id}/metadata", {"GET": snapshots.metadata_show, "POST": snapshots.metadata_create,
                                           "PUT": snapshots.metadata_replace}),
    ("/snapshots/{snapshot_id}/metadata/{key}", {"GET": snapshots.metadata_item_show,
                                                 "PUT": snapshots.metadata_item_update,
                                                 "DELETE": snapshots.metadata_item_delete}),
    # backups
    ("/backups", {"GET": backups.index, "POST": backups.create}),
    ("/backups/detail", {"GET": backups.detail}),
    ("/backups/import_record", {"POST": backups.import_record}),
    ("/backups/{backup_id}", {"GET": backups.show, "PUT": backups.update, "DELETE": backups.delete}),
    ("/backups/{backup_id}/restore", {"POST": backups.restore}),
    ("/backups/{backup_id}/action", {"POST": backups.action}),
    ("/backups/{backup_id}/export_record", {"GET": backups.export_record}),
    # volume types
    ("/types", {"GET": types.index, "POST": types.create}),
    ("/types/default", {"GET": types.default}),
    ("/types/{type_id}", {"GET": types.show, "PUT": types.update, "DELETE": types.delete}),
    ("/types/{type_id}/action", {"POST": types.action}),
    ("/types/{type_id}/os-volume-type-access", {"GET": types.access_index}),
    ("/types/{type_id}/extra_specs", {"GET": types.specs_index, "POST": types.specs_create}),
    ("/types/{type_id}/extra_specs/{key}", {"GET": types.spec_show, "PUT": types.spec_update,
                                            "DELETE": types.spec_delete}),
    ("/types/{type_id}/encryption", {"GET": encryption.show, "POST": encryption.create}),
    # {key}: a spec name for GET, the encryption id for PUT and DELETE (Cinder's one route)
    ("/types/{type_id}/encryption/{key}", {"GET": encryption.show_key, "PUT": encryption.update,
                                           "DELETE": encryption.delete}),
    ("/default-types", {"GET": types.default_list}),
    ("/default-types/{target_project}", {"GET": types.default_get, "PUT": types.default_set,
                                         "DELETE": types.default_unset}),
    # generic volume groups
    ("/group_types", {"GET": groups.gtype_index, "POST": groups.gtype_create}),
    ("/group_types/default", {"GET": groups.gtype_default}),
    ("/group_types/{group_type_id}", {"GET": groups.gtype_show, "PUT": groups.gtype_update,
                                      "DELETE": groups.gtype_delete}),
    ("/group_types/{group_type_id}/group_specs", {"GET": groups.gspecs_index, "POST": groups.gspecs_create}),
    ("/group_types/{group_type_id}/group_specs/{key}", {"GET": groups.gspec_show, "PUT": groups.gspec_update,
                                                        "DELETE": groups.gspec_delete}),
    ("/groups", {"GET": groups.group_index, "POST": groups.group_create}),
    ("/groups/detail", {"GET": groups.group_detail}),
    ("/groups/action", {"POST": groups.group_create_from_src}),
    ("/groups/{group_id}", {"GET": groups.group_show, "PUT": groups.group_update}),
    ("/groups/{group_id}/action", {"POST": groups.group_action}),
    ("/group_snapshots", {"GET": groups.gsnap_index, "POST": groups.gsnap_create}),
    ("/group_snapshots/detail", {"GET": groups.gsnap_detail}),
    ("/group_snapshots/{group_snapshot_id}", {"GET": groups.gsnap_show, "DELETE": groups.gsnap_delete}),
    ("/group_snapshots/{group_snapshot_id}/action", {"POST": groups.gsnap_action}),
    # QoS specs
    ("/qos-specs", {"GET": qos.index, "POST": qos.create}),
    ("/qos-specs/{qos_id}", {"GET": qos.show, "PUT": qos.update, "DELETE": qos.delete}),
    ("/qos-specs/{qos_id}/delete_keys", {"PUT": qos.delete_keys}),
    ("/qos-specs/{qos_id}/associations", {"GET": qos.associations}),
    ("/qos-specs/{qos_id}/associate", {"GET": qos.associate}),
    ("/qos-specs/{qos_id}/disassociate", {"GET": qos.disassociate}),
    ("/qos-specs/{qos_id}/disassociate_all", {"GET": qos.disassociate_all}),
    # attachments (3.27+)
    ("/attachments", {"GET": attachments.index, "POST": attachments.create}),
    ("/attachments/detail", {"GET": attachments.detail}),
    ("/attachments/{attachment_id}", {"GET": attachments.show, "PUT": attachments.update,
                                      "DELETE": attachments.delete}),
    ("/attachments/{attachment_id}/action", {"POST": attachments.action}),
    # transfers
    ("/os-volume-transfer", {"GET": transfers.index, "POST": transfers.create}),
    ("/os-volume-transfer/detail", {"GET": transfers.detail}),
    ("/os-volume-transfer/{transfer_id}", {"GET": transfers.show, "DELETE": transfers.delete}),
    ("/os-volume-transfer/{transfer_id}/accept", {"POST": transfers.accept}),
    ("/volume-transfers", {"GET": transfers.index, "POST": transfers.create}),
    ("/volume-transfers/detail", {"GET": transfers.detail}),
    ("/volume-transfers/{transfer_id}", {"GET": transfers.show, "DELETE": transfers.delete}),
    ("/volume-transfers/{transfer_id}/accept", {"POST": transfers.accept}),
    # quotas and limits
    ("/os-quota-sets/{target_project}", {"GET": misc.quota_show, "PUT": misc.quota_update,
                                         "DELETE": misc.quota_delete}),
    ("/os-quota-sets/{target_project}/defaults", {"GET": misc.quota_defaults}),
    ("/os-quota-class-sets/{class_name}", {"GET": misc.quota_class_show, "PUT": misc.quota_class_update}),
    ("/limits", {"GET": misc.limits}),
    # the cloud's shape
    ("/os-availability-zone", {"GET": misc.availability_zones}),
    ("/os-services", {"GET": misc.services}),
    ("/os-hosts", {"GET": misc.hosts}),
    ("/os-hosts/{host}", {"GET": misc.host_show}),
    ("/os-services/{action}", {"PUT": misc.service_update}),
    ("/scheduler-stats/get_pools", {"GET": misc.pools}),
    ("/capabilities/{host}", {"GET": misc.capabilities}),
    ("/messages", {"GET": misc.messages}),
    ("/messages/{message_id}", {"GET": misc.message_show, "DELETE": misc.message_delete}),
    ("/extensions", {"GET": misc.extensions}),
    ("/resource_filters", {"GET": misc.resource_filters}),
]


def _routes() -> list[tuple[str, dict[str, Handler]]]:
    out: list[tuple[str, dict[str, Handler]]] = [
        ("/", {"GET": versions.root}),
        ("/v3", {"GET": versions.v3}),
        ("/v3/", {"GET": versions.v3}),
    ]
    out += [(f"/v3{path}", methods) for path, methods in RESOURCES]
    out += [(f"/v3/{{project_id}}{path}", methods) for path, methods in RESOURCES]
    return out


ROUTES = _routes()
