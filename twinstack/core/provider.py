"""What each service package offers the cloud: its API, its policies, its slice of the model,
and its background work. The cloud calls these hooks; it knows nothing else about a service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.core.identity_backend import IdentityBackend
    from twinstack.core.pipeline import Service


@dataclass(frozen=True)
class CatalogEntry:
    """A catalog service this provider registers in Identity, as DevStack does."""

    type: str  # compute, block-storage, ...
    name: str  # nova, cinder, ...
    path: str  # below the public base URL: /compute/v2.1


class Provider:
    name: str = ""
    catalog: tuple[CatalogEntry, ...] = ()

    def service(self, cloud: Cloud) -> Service | None:
        return None

    def policies(self) -> dict[str, str]:
        return {}

    def identity_backend(self, cloud: Cloud) -> IdentityBackend | None:
        """Tokens and catalog for the cloud; only the service that issues tokens returns one."""
        return None

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        """Create what the model's section for this service declares (inside one transaction)."""

    def reopen(self, cloud: Cloud, conn: Connection) -> None:
        """The store kept an earlier run's state (a state dir): refresh what belongs to this run,
        such as catalog endpoints at the current public URL."""

    async def start(self, cloud: Cloud) -> None:
        """Start background work (compute managers, heartbeats)."""

    async def stop(self, cloud: Cloud) -> None:
        """Stop it again."""

    def reset(self, cloud: Cloud) -> None:
        """Forget in-memory state; the store has been wiped and the model will be reloaded."""

    def health(self, cloud: Cloud) -> dict[str, Any]:
        return {"status": "ok"}
