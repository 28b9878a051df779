"""Bodies of ``POST /servers/{id}/action``, one schema per action (and microversion where it matters)."""

from __future__ import annotations

from typing import Any

from twinstack.compute.schemas.servers import BOOL, DESCRIPTION, METADATA, NAME

NULL = {"type": "null"}


def _obj(props: dict[str, Any], required: list[str] | None = None, extra: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": ["object", "null"] if not required else "object", "properties": props,
                              "additionalProperties": extra}
    if required:
        schema["required"] = required
    return schema


def schema(action: str, version: Any) -> dict[str, Any] | None:
    """The schema of the action's value (``{"reboot": <value>}``), or None when anything goes."""
    if action == "reboot":
        return _obj({"type": {"type": "string", "enum": ["HARD", "Hard", "hard", "SOFT", "Soft", "soft"]}}, ["type"])
    if action == "resize":
        return _obj({"flavorRef": {"type": ["string", "integer"], "minLength": 1},
                     "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]}}, ["flavorRef"])
    if action == "rebuild":
        props: dict[str, Any] = {"imageRef": {"type": "string"}, "name": NAME, "adminPass": {"type": "string"},
                                 "metadata": METADATA, "preserve_ephemeral": BOOL,
                                 "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
                                 "accessIPv4": {"type": "string"}, "accessIPv6": {"type": "string"},
                                 "personality": {"type": "array"}}
        if version >= (2, 19):
            props["description"] = DESCRIPTION
        if version >= (2, 54):
            props["key_name"] = {"type": ["string", "null"]}
        if version >= (2, 57):
            props.pop("personality")
            props["user_data"] = {"type": ["string", "null"]}
        if version >= (2, 63):
            props["trusted_image_certificates"] = {"type": ["array", "null"]}
        if version >= (2, 90):
            props["hostname"] = {"type": "string"}
        return _obj(props, ["imageRef"])
    if action == "createImage":
        return _obj({"name": NAME, "metadata": METADATA}, ["name"])
    if action == "lock":
        return _obj({"locked_reason": {"type": "string", "maxLength": 255}} if version >= (2, 73) else {})
    if action == "os-resetState":
        return _obj({"state": {"type": "string", "enum": ["active", "error"]}}, ["state"])
    if action == "rescue":
        return _obj({"adminPass": {"type": "string"}, "rescue_image_ref": {"type": "string"}})
    if action == "os-migrateLive":
        props = {"host": {"type": ["string", "null"]}, "block_migration": BOOL if version < (2, 25) else
                 {"type": ["boolean", "string"], "enum": [True, False, "auto"]}}
        required = ["block_migration", "host"]
        if version < (2, 25):
            props["disk_over_commit"] = BOOL
            required.append("disk_over_commit")
        if version >= (2, 30):
            props["force"] = BOOL
        return _obj(props, required)
    if action == "evacuate":
        props = {"host": {"type": "string"}, "adminPass": {"type": "string"}}
        if version < (2, 14):
            props["onSharedStorage"] = BOOL
            return _obj(props, ["onSharedStorage"])
        if version >= (2, 29):
            props["force"] = BOOL
        return _obj(props)
    if action == "migrate":
        return _obj({"host": {"type": ["string", "null"]}} if version >= (2, 56) else {})
    if action == "unshelve":
        if version >= (2, 77):
            return {"type": ["object", "null"], "properties": {"availability_zone": {"type": ["string", "null"]},
                                                              "host": {"type": "string"}}, "additionalProperties": False}
        return None
    if action == "os-getConsoleOutput":
        return _obj({"length": {"type": ["integer", "string", "null"], "pattern": "^-?[0-9]+$"}})
    if action in ("os-getVNCConsole", "os-getSPICEConsole", "os-getSerialConsole", "os-getRDPConsole"):
        return _obj({"type": {"type": "string"}}, ["type"])
    if action == "createBackup":
        return _obj({"name": NAME, "backup_type": {"type": "string"}, "metadata": METADATA,
                     "rotation": {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 0}},
                    ["name", "backup_type", "rotation"])
    if action == "changePassword":
        return _obj({"adminPass": {"type": "string"}}, ["adminPass"])
    if action in ("addSecurityGroup", "removeSecurityGroup"):
        return _obj({"name": {"type": "string", "minLength": 1}}, ["name"])
    return None
