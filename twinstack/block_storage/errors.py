"""Cinder's errors in its own words (cinder/exception.py), rendered in the "cinder" fault format."""

from __future__ import annotations

from twinstack.core.errors import ApiError


def volume_not_found(volume_id: str) -> ApiError:
    return ApiError(404, f"Volume {volume_id} could not be found.", "VolumeNotFound")


def snapshot_not_found(snapshot_id: str) -> ApiError:
    return ApiError(404, f"Snapshot {snapshot_id} could not be found.", "SnapshotNotFound")


def backup_not_found(backup_id: str) -> ApiError:
    return ApiError(404, f"Backup {backup_id} could not be found.", "BackupNotFound")


def type_not_found(type_id: str) -> ApiError:
    return ApiError(404, f"Volume type {type_id} could not be found.", "VolumeTypeNotFound")


def transfer_not_found(transfer_id: str) -> ApiError:
    return ApiError(404, f"Transfer {transfer_id} could not be found.", "TransferNotFound")


def attachment_not_found(attachment_id: str) -> ApiError:
    return ApiError(404, f"Volume attachment could not be found with filter: attachment_id = {attachment_id}.",
                    "VolumeAttachmentNotFound")


def invalid_volume(reason: str) -> ApiError:
    return ApiError(400, f"Invalid volume: {reason}", "InvalidVolume")


def invalid_snapshot(reason: str) -> ApiError:
    return ApiError(400, f"Invalid snapshot: {reason}", "InvalidSnapshot")


def invalid_backup(reason: str) -> ApiError:
    return ApiError(400, f"Invalid backup: {reason}", "InvalidBackup")


def invalid_input(reason: str) -> ApiError:
    return ApiError(400, f"Invalid input received: {reason}", "InvalidInput")


def invalid_type(reason: str) -> ApiError:
    return ApiError(400, f"Invalid volume type: {reason}", "InvalidVolumeType")


def bad_request(message: str) -> ApiError:
    return ApiError(400, message, "BadRequest")


def quota_error(message: str) -> ApiError:
    return ApiError(413, message, "OverQuota", {"Retry-After": "0"})
