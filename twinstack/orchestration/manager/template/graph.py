"""The dependency graph of a template's resources, as Heat builds it: an edge for each ``get_resource``
and ``get_attr`` in a resource's properties and metadata, and for each name in ``depends_on``. Creation
runs in waves (each resource once everything it needs is done); deletion in the reverse order."""

from __future__ import annotations

from typing import Any

from twinstack.orchestration import errors as E
from twinstack.orchestration.manager.template.functions import references


def requirements(definitions: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """For each resource, the resources it needs."""
    needs: dict[str, set[str]] = {}
    for name, definition in definitions.items():
        refs = references(definition.get("properties") or {}) | references(definition.get("metadata") or {})
        depends = definition.get("depends_on") or []
        if isinstance(depends, str):
            depends = [depends]
        if not isinstance(depends, list):
            raise E.validation_failed(f"Resource {name} depends_on must be a list or a string")
        for dep in depends:
            if dep not in definitions:
                raise E.invalid_reference(str(dep), f"{name}")
        for ref in refs:
            if ref not in definitions:
                raise E.invalid_reference(ref, f"{name}")
        needs[name] = (refs | set(depends)) - {name} if name not in refs else refs | set(depends)
    return needs


def waves(needs: dict[str, set[str]]) -> list[list[str]]:
    """Resources grouped so that each group needs only earlier groups; a cycle is Heat's error."""
    remaining = {name: set(deps) for name, deps in needs.items()}
    out: list[list[str]] = []
    done: set[str] = set()
    while remaining:
        ready = sorted(name for name, deps in remaining.items() if deps <= done)
        if not ready:
            cycle = ", ".join(f'"{n}"' for n in sorted(remaining))
            raise E.circular(cycle)
        out.append(ready)
        done.update(ready)
        for name in ready:
            del remaining[name]
    return out


def order(needs: dict[str, set[str]]) -> list[str]:
    return [name for wave in waves(needs) for name in wave]


def required_by(needs: dict[str, set[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {name: [] for name in needs}
    for name, deps in needs.items():
        for dep in deps:
            if dep in out:
                out[dep].append(name)
    return {k: sorted(v) for k, v in out.items()}
