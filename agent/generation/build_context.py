"""The build context the agent's own builds send to dockerd: filtered the way BuildKit filters it.

The Docker SDK (like the legacy builder) only reads `<context>/.dockerignore`; BuildKit prefers
`<Dockerfile>.dockerignore` beside the Dockerfile, which is where `agent generate` writes one for every
generated Dockerfile. This module applies the same rule for every build the agent runs, and adds secrets files
(`.env`, `.env.*`, keys) to the exclusions whatever the ignore file says, so a committed `.env.production` can
never enter an image.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

# Never sent to the daemon, whatever the ignore file says (`.env.example` holds no secrets by convention).
SECRET_PATTERNS = (".env", ".env.*", "**/.env", "**/.env.*", "**/*.pem", "**/*.key", "!.env.example",
                   "!**/.env.example")
DOCKERFILE_NAME = ".aiops-build.Dockerfile"


def ignore_file(context: Path, dockerfile: Path) -> Path | None:
    """The ignore file BuildKit would use: `<Dockerfile>.dockerignore`, else the context's `.dockerignore`."""
    for candidate in (dockerfile.parent / f"{dockerfile.name}.dockerignore", context / ".dockerignore"):
        if candidate.is_file():
            return candidate
    return None


def exclusions(context: Path, dockerfile: Path) -> list[str]:
    path = ignore_file(context, dockerfile)
    lines = path.read_text(encoding="utf-8").splitlines() if path else []
    patterns = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return patterns + list(SECRET_PATTERNS)


def context_tar(context: Path, dockerfile: Path) -> IO[bytes]:
    """A gzipped tar of the filtered context with the Dockerfile added as DOCKERFILE_NAME."""
    from docker.utils.build import tar  # the SDK is imported only by builds

    content = dockerfile.read_text(encoding="utf-8")
    return tar(str(context), exclude=exclusions(context, dockerfile), dockerfile=(DOCKERFILE_NAME, content), gzip=True)
