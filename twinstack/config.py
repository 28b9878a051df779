"""The settings ``twinstack up`` runs with: flags, each also read from a TWINSTACK_* variable."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8780
    models: list[str] = field(default_factory=list)
    state_dir: str | None = None  # None: a temporary directory removed at exit
    db: str | None = None  # SQLAlchemy URL; default: SQLite under the state dir
    policy_dir: str | None = None
    log_level: str = "warning"
    seed: int | None = None
    public_url: str | None = None  # what the catalog advertises; default http://host:port
    max_body_size: int = 114688
    token_ttl: int = 3600

    @property
    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"
