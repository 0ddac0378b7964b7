"""Configuration from the environment (12-factor): nothing is hard-coded per environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

# /tmp is writable for the non-root user in the image (and an emptyDir under readOnlyRootFilesystem).
DEFAULT_DATABASE_URL = "sqlite:////tmp/todo.db"


@dataclass(frozen=True)
class Config:
    database_url: str = DEFAULT_DATABASE_URL
    better_auth_secret: str | None = field(default=None, repr=False)
    openai_api_key: str | None = field(default=None, repr=False)
    log_level: str = "INFO"
    frontend_urls: tuple[str, ...] = ("http://localhost:3000", "http://localhost:3001")

    @classmethod
    def from_env(cls) -> "Config":
        frontends = os.environ.get("FRONTEND_URL", "")
        urls = tuple(u.strip() for u in frontends.split(",") if u.strip())
        return cls(
            database_url=_normalise_database_url(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            better_auth_secret=os.environ.get("BETTER_AUTH_SECRET") or None,
            openai_api_key=os.environ.get("OPENAI_API_KEY") or None,
            log_level=(os.environ.get("LOG_LEVEL") or "INFO").upper(),
            frontend_urls=urls or cls.frontend_urls,
        )


def _normalise_database_url(url: str) -> str:
    # Hosted Postgres URLs are usually postgres:// or postgresql://; SQLAlchemy
    # needs the driver named to pick psycopg 3 rather than psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
