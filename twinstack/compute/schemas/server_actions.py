"""Bodies of ``POST /servers/{id}/action``: one schema per action and per microversion that changed
it, named as Nova names them (``rebuild``, ``rebuild_v219``, ...); ``schema(action, version)`` picks."""

from __future__ import annotations

from typing import Any

from twinstack.compute.schemas.servers import BOOL, DESCRIPTION, METADATA, NAME, pick

NULL = {"type": "null"}
DISK_CONFIG = {"type": "string", "enum": ["AUTO", "MANUAL"]}


def _obj(props: dict[str, Any], required: list[str] | None = None, extra: bool = False) -> dict[str, Any]:
    """An action's value: an object (or null when nothing is required) with these properties."""
    schema: dict[str, Any] = {"type": ["object", "null"] if not required else "object", "properties": props,
                              "additionalProperties": extra}
    if required:
        schema["required"] = required
    return schema


reboot = _obj({"type": {"type": "string", "enum": ["HARD", "Hard", "hard", "SOFT", "Soft", "soft"]}}, ["type"])
resize = _obj({"flavorRef": {"type": ["string", "integer"], "minLength": 1}, "OS-DCF:diskConfig": DISK_CONFIG},
              ["flavorRef"])

_REBUILD: dict[str, Any] = {"imageRef": {"type": "string"}, "name": NAME, "adminPass": {"type": "string"},
                            "metadata": METADATA, "preserve_ephemeral": BOOL, "OS-DCF:diskConfig": DISK_CONFIG,
                            "accessIPv4": {"type": "string"}, "accessIPv6": {"type": "string"},
                            "personality": {"type": "array"}}
_rebuild_219 = {**_REBUILD, "description": DESCRIPTION}
_rebuild_254 = {**_rebuild_219, "key_name": {"type": ["string", "null"]}}
_rebuild_257 = {
    **{k: v for k, v in _rebuild_254.items() if k != "personality"},
    "user_data": {"type": ["string", "null"]},
}
_rebuild_263 = {**_rebuild_257, "trusted_image_certificates": {"type": ["array", "null"]}}
_rebuild_290 = {**_rebuild_263, "hostname": {"type": "string"}}
rebuild = _obj(_REBUILD, ["imageRef"])
rebuild_v219 = _obj(_rebuild_219, ["imageRef"])
rebuild_v254 = _obj(_rebuild_254, ["imageRef"])
rebuild_v257 = _obj(_rebuild_257, ["imageRef"])
rebuild_v263 = _obj(_rebuild_263, ["imageRef"])
rebuild_v290 = _obj(_rebuild_290, ["imageRef"])

create_image = _obj({"name": NAME, "metadata": METADATA}, ["name"])
# Nova's lock schema before 2.73 is ``'lock': {}``: any value, a body with locked_reason included, which
# the handler then ignores; the reason is read from 2.73 on (nova/api/openstack/compute/lock_server.py).
lock: dict[str, Any] = {}
lock_v273 = _obj({"locked_reason": {"type": "string", "minLength": 1, "maxLength": 255}})
reset_state = _obj({"state": {"type": "string", "enum": ["active", "error"]}}, ["state"])
rescue = _obj({"adminPass": {"type": "string"}, "rescue_image_ref": {"type": "string"}})

live_migrate = _obj(
    {"host": {"type": ["string", "null"]}, "block_migration": BOOL, "disk_over_commit": BOOL},
    ["block_migration", "host", "disk_over_commit"],
)
_BLOCK_MIGRATION_225 = {"type": ["boolean", "string"], "enum": [True, False, "auto"]}
live_migrate_v225 = _obj(
    {"host": {"type": ["string", "null"]}, "block_migration": _BLOCK_MIGRATION_225}, ["block_migration", "host"]
)
live_migrate_v230 = _obj(
    {"host": {"type": ["string", "null"]}, "block_migration": _BLOCK_MIGRATION_225, "force": BOOL},
    ["block_migration", "host"],
)

evacuate = _obj(
    {"host": {"type": "string"}, "adminPass": {"type": "string"}, "onSharedStorage": BOOL}, ["onSharedStorage"]
)
evacuate_v214 = _obj({"host": {"type": "string"}, "adminPass": {"type": "string"}})
evacuate_v229 = _obj({"host": {"type": "string"}, "adminPass": {"type": "string"}, "force": BOOL})

migrate = _obj({})
migrate_v256 = _obj({"host": {"type": ["string", "null"]}})
unshelve_v277 = {
    "type": ["object", "null"],
    "properties": {"availability_zone": {"type": ["string", "null"]}, "host": {"type": "string"}},
    "additionalProperties": False,
}
console_output = _obj({"length": {"type": ["integer", "string", "null"], "pattern": "^-?[0-9]+$"}})
get_console = _obj({"type": {"type": "string"}}, ["type"])
create_backup = _obj(
    {
        "name": NAME,
        "backup_type": {"type": "string"},
        "metadata": METADATA,
        "rotation": {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 0},
    },
    ["name", "backup_type", "rotation"],
)
change_password = _obj({"adminPass": {"type": "string"}}, ["adminPass"])
security_group = _obj({"name": {"type": "string", "minLength": 1}}, ["name"])

# action -> [(since microversion, schema)], newest first; None: any value is accepted
ACTIONS: dict[str, list[tuple[tuple[int, int], Any]]] = {
    "reboot": [((2, 1), reboot)],
    "resize": [((2, 1), resize)],
    "rebuild": [
        ((2, 90), rebuild_v290),
        ((2, 63), rebuild_v263),
        ((2, 57), rebuild_v257),
        ((2, 54), rebuild_v254),
        ((2, 19), rebuild_v219),
        ((2, 1), rebuild),
    ],
    "createImage": [((2, 1), create_image)],
    "lock": [((2, 73), lock_v273), ((2, 1), lock)],
    "os-resetState": [((2, 1), reset_state)],
    "rescue": [((2, 1), rescue)],
    "os-migrateLive": [((2, 30), live_migrate_v230), ((2, 25), live_migrate_v225), ((2, 1), live_migrate)],
    "evacuate": [((2, 29), evacuate_v229), ((2, 14), evacuate_v214), ((2, 1), evacuate)],
    "migrate": [((2, 56), migrate_v256), ((2, 1), migrate)],
    "unshelve": [((2, 77), unshelve_v277), ((2, 1), None)],
    "os-getConsoleOutput": [((2, 1), console_output)],
    "os-getVNCConsole": [((2, 1), get_console)],
    "os-getSPICEConsole": [((2, 1), get_console)],
    "os-getSerialConsole": [((2, 1), get_console)],
    "os-getRDPConsole": [((2, 1), get_console)],
    "createBackup": [((2, 1), create_backup)],
    "changePassword": [((2, 1), change_password)],
    "addSecurityGroup": [((2, 1), security_group)],
    "removeSecurityGroup": [((2, 1), security_group)],
}


def schema(action: str, version: Any) -> dict[str, Any] | None:
    """The schema of the action's value (``{"reboot": <value>}``), or None when anything goes."""
    found = ACTIONS.get(action)
    return pick(found, version) if found else None
