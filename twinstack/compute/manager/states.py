"""Nova's instance state machine vocabulary: vm_states, task_states, power states, and the API
``status`` a pair maps to (nova/api/openstack/common.py's state map)."""

from __future__ import annotations

ACTIVE, BUILDING, PAUSED, SUSPENDED, STOPPED = "active", "building", "paused", "suspended", "stopped"
RESCUED, RESIZED, SOFT_DELETED, DELETED, ERROR = "rescued", "resized", "soft-delete", "deleted", "error"
SHELVED, SHELVED_OFFLOADED = "shelved", "shelved_offloaded"

SCHEDULING, BLOCK_DEVICE_MAPPING, NETWORKING, SPAWNING = "scheduling", "block_device_mapping", "networking", "spawning"
IMAGE_SNAPSHOT, IMAGE_SNAPSHOT_PENDING, IMAGE_PENDING_UPLOAD, IMAGE_UPLOADING = (
    "image_snapshot", "image_snapshot_pending", "image_pending_upload", "image_uploading")
REBOOTING, REBOOTING_HARD, REBOOT_PENDING, REBOOT_STARTED = "rebooting", "rebooting_hard", "reboot_pending", "reboot_started"
REBOOT_PENDING_HARD, REBOOT_STARTED_HARD = "reboot_pending_hard", "reboot_started_hard"
PAUSING, UNPAUSING, SUSPENDING, RESUMING = "pausing", "unpausing", "suspending", "resuming"
POWERING_OFF, POWERING_ON = "powering-off", "powering-on"
RESCUING, UNRESCUING = "rescuing", "unrescuing"
REBUILDING, REBUILD_BLOCK_DEVICE_MAPPING, REBUILD_SPAWNING = "rebuilding", "rebuild_block_device_mapping", "rebuild_spawning"
MIGRATING = "migrating"
RESIZE_PREP, RESIZE_MIGRATING, RESIZE_MIGRATED, RESIZE_FINISH = "resize_prep", "resize_migrating", "resize_migrated", "resize_finish"
RESIZE_REVERTING, RESIZE_CONFIRMING = "resize_reverting", "resize_confirming"
DELETING = "deleting"
SHELVING, SHELVING_IMAGE_PENDING_UPLOAD, SHELVING_IMAGE_UPLOADING = "shelving", "shelving_image_pending_upload", "shelving_image_uploading"
SHELVING_OFFLOADING, UNSHELVING = "shelving_offloading", "unshelving"

# nova.compute.power_state
NOSTATE, RUNNING, PAUSED_POWER, SHUTDOWN, CRASHED, SUSPENDED_POWER = 0, 1, 3, 4, 6, 7

_REBOOT = {REBOOTING: "REBOOT", REBOOT_PENDING: "REBOOT", REBOOT_STARTED: "REBOOT",
           REBOOTING_HARD: "HARD_REBOOT", REBOOT_PENDING_HARD: "HARD_REBOOT", REBOOT_STARTED_HARD: "HARD_REBOOT"}
_RESIZE = {RESIZE_PREP: "RESIZE", RESIZE_MIGRATING: "RESIZE", RESIZE_MIGRATED: "RESIZE", RESIZE_FINISH: "RESIZE"}
_REBUILD = {REBUILDING: "REBUILD", REBUILD_BLOCK_DEVICE_MAPPING: "REBUILD", REBUILD_SPAWNING: "REBUILD"}

_STATUS: dict[str, dict[str | None, str]] = {
    BUILDING: {None: "BUILD"},
    ACTIVE: {None: "ACTIVE", **_REBOOT, **_RESIZE, **_REBUILD, MIGRATING: "MIGRATING", "updating_password": "PASSWORD"},
    STOPPED: {None: "SHUTOFF", **_RESIZE, **_REBUILD, REBOOTING_HARD: "HARD_REBOOT"},
    PAUSED: {None: "PAUSED", MIGRATING: "MIGRATING", REBOOTING_HARD: "HARD_REBOOT"},
    SUSPENDED: {None: "SUSPENDED", REBOOTING_HARD: "HARD_REBOOT"},
    RESCUED: {None: "RESCUE"},
    RESIZED: {None: "VERIFY_RESIZE", RESIZE_REVERTING: "REVERT_RESIZE"},
    SOFT_DELETED: {None: "SOFT_DELETED"},
    DELETED: {None: "DELETED"},
    ERROR: {None: "ERROR", **_REBUILD},
    SHELVED: {None: "SHELVED"},
    SHELVED_OFFLOADED: {None: "SHELVED_OFFLOADED"},
}

# the API status -> vm_states a ``status=`` filter matches (nova/api/openstack/common.py)
STATUS_TO_VM_STATES: dict[str, list[str]] = {
    "ACTIVE": [ACTIVE], "BUILD": [BUILDING], "SHUTOFF": [STOPPED], "PAUSED": [PAUSED],
    "SUSPENDED": [SUSPENDED], "RESCUE": [RESCUED], "VERIFY_RESIZE": [RESIZED], "ERROR": [ERROR],
    "SHELVED": [SHELVED], "SHELVED_OFFLOADED": [SHELVED_OFFLOADED], "DELETED": [DELETED],
    "SOFT_DELETED": [SOFT_DELETED], "REBOOT": [ACTIVE], "HARD_REBOOT": [ACTIVE], "RESIZE": [ACTIVE, STOPPED],
    "MIGRATING": [ACTIVE], "REBUILD": [ACTIVE, STOPPED, ERROR], "REVERT_RESIZE": [RESIZED], "PASSWORD": [ACTIVE],
}

ALL_STATUSES = sorted(STATUS_TO_VM_STATES) + ["UNKNOWN"]


def status(vm_state: str, task_state: str | None) -> str:
    table = _STATUS.get(vm_state, {None: "UNKNOWN"})
    return table.get(task_state, table[None])
