"""Schema pieces several compute resources share (Nova's parameter_types, small)."""

from __future__ import annotations

from typing import Any

# the spellings Nova's JSON Schema takes for a boolean (oslo.utils' strict set, in three cases)
BOOLEAN: dict[str, Any] = {"type": ["boolean", "string"], "enum": [
    True, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes",
    False, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no"]}
# Nova's 'name' format: no leading/trailing whitespace, no control characters.
NAME: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": 255,
                        "pattern": r"^(?![\s])[^\x00-\x1f\x7f]*(?<![\s])$"}
HOST: dict[str, Any] = {"type": "string", "pattern": "^[a-zA-Z0-9-._]*$", "minLength": 1, "maxLength": 255}


def action(name: str, args: dict[str, Any]) -> dict[str, Any]:
    """An action body: ``{name: args}`` and nothing else."""
    return {"type": "object", "properties": {name: args}, "required": [name], "additionalProperties": False}
