"""The import contract between twinstack's services, checked by parsing every module with ``ast``.

Kept apart from the test so it can be run on any tree (``python -m tests.import_contract [root]``),
which is how a before/after count of cross-service imports is taken.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SERVICES: tuple[str, ...] = ("identity", "compute", "image", "network", "block_storage", "placement")

# Modules a service's own code may not import its api/ from: the in-process interface, the wiring and
# the domain layer (manager.py or manager/**), which the api/ handlers sit on top of.
_BELOW_API = ("local", "bootstrap", "provider", "manager")

# The one module inside a service allowed to speak HTTP, by path.
HTTP_ALLOWED: dict[str, str] = {
    # Glance's web-download import task fetches the URL the user gave; it calls no service.
    "twinstack/image/manager/imports.py": "web-download fetches a user-given URL",
}


@dataclass(frozen=True)
class Import:
    """One module an import statement brings in, resolved to an absolute dotted name."""

    path: str          # importing file, relative to root, with forward slashes
    line: int
    target: str        # e.g. "twinstack.identity.local" or "httpx"


def _module_name(rel: Path) -> tuple[str, str]:
    """The dotted name of a file and the package its relative imports are resolved against."""
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def _is_module(root: Path, dotted: str) -> bool:
    base = root.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _resolve_from(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".") if package else []
    keep = len(parts) - (node.level - 1)
    base = parts[:max(keep, 0)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(root: Path, file: Path) -> Iterator[Import]:
    """Every import in a file, including those inside functions, as absolute module names.

    ``from pkg import name`` yields ``pkg.name`` when that is a module of the tree, else ``pkg``.
    """
    rel = file.relative_to(root)
    _, package = _module_name(rel)
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    path = rel.as_posix()
    seen: set[tuple[int, str]] = set()
    for imp in _raw_imports(root, tree, path, package):
        if (imp.line, imp.target) not in seen:     # `from m import a, b` is one import of m
            seen.add((imp.line, imp.target))
            yield imp


def _raw_imports(root: Path, tree: ast.AST, path: str, package: str) -> Iterator[Import]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_from(node, package)
            for alias in node.names:
                candidate = f"{base}.{alias.name}" if base else alias.name
                if alias.name != "*" and _is_module(root, candidate):
                    yield Import(path, node.lineno, candidate)
                else:
                    yield Import(path, node.lineno, base)


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _service_of(name: str, services: tuple[str, ...]) -> str | None:
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] == "twinstack" and parts[1] in services:
        return parts[1]
    return None


def _modules(root: Path) -> list[Path]:
    return sorted(p for p in (root / "twinstack").rglob("*.py") if "__pycache__" not in p.parts)


def _check(imp: Import, services: tuple[str, ...]) -> str | None:
    """The rule an import breaks, or None."""
    path, target = imp.path, imp.target
    own = _service_of(path.removesuffix(".py").replace("/", "."), services)
    theirs = _service_of(target, services)

    if theirs and (path.startswith("twinstack/core/") or path == "twinstack/cloud.py"):
        return f"core and cloud.py import no service package: {target}"
    if theirs and theirs != own:
        if _within(target, f"twinstack.{theirs}.local"):
            return None
        if path == "twinstack/services.py" and _within(target, f"twinstack.{theirs}.provider"):
            return None
        if path == "twinstack/model/schema.py" and _within(target, f"twinstack.{theirs}.model"):
            return None
        return f"only twinstack.{theirs}.local may be imported from outside {theirs}: {target}"
    if own and theirs == own and _within(target, f"twinstack.{own}.api"):
        inner = path.split("/")[2].removesuffix(".py")
        if inner in _BELOW_API:
            return f"{own}/{inner} sits below api/ and may not import it: {target}"
    if own and _within(target, "httpx") and path not in HTTP_ALLOWED:
        return f"a service calls no service over HTTP (httpx imported in {own})"
    return None


def violations(root: Path, services: tuple[str, ...] = SERVICES) -> list[str]:
    """Each broken rule as ``path:line: message``, paths relative to root."""
    found: list[str] = []
    for file in _modules(root):
        for imp in sorted(imports_of(root, file), key=lambda i: i.line):
            message = _check(imp, services)
            if message:
                found.append(f"{imp.path}:{imp.line}: {message}")
    return found


def cross_service_imports(root: Path, services: tuple[str, ...] = SERVICES) -> dict[str, int]:
    """How many imports reach into a service from outside it: through local.py, the allowed wiring
    (services.py, model/schema.py), or anything else (each of those breaks the contract)."""
    counts = {"total": 0, "via_local": 0, "wiring": 0, "other": 0}
    for file in _modules(root):
        own = _service_of(file.relative_to(root).with_suffix("").as_posix().replace("/", "."), services)
        for imp in imports_of(root, file):
            theirs = _service_of(imp.target, services)
            if theirs is None or theirs == own:
                continue
            counts["total"] += 1
            if _within(imp.target, f"twinstack.{theirs}.local"):
                counts["via_local"] += 1
            elif _check(imp, services) is None:
                counts["wiring"] += 1     # services.py's providers, model/schema.py's model sections
            else:
                counts["other"] += 1
    return counts


def summary(root: Path, services: tuple[str, ...] = SERVICES) -> str:
    counts = cross_service_imports(root, services)
    return (
        f"cross-service imports: {counts['total']} ({counts['via_local']} through local.py, "
        f"{counts['wiring']} wiring, {counts['other']} other); contract violations: {len(violations(root, services))}"
    )


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent
    found = violations(root)
    print("\n".join(found))
    print(summary(root))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
