"""The deployment plan: what detection found, and what every artifact is rendered from."""

from __future__ import annotations

from enum import Enum
from pathlib import PurePosixPath

from pydantic import BaseModel, Field


class Framework(str, Enum):
    FASTAPI = "fastapi"
    FLASK = "flask"
    DJANGO = "django"
    PYTHON = "python"
    NEXTJS = "nextjs"
    VITE = "vite"
    EXPRESS = "express"
    GO = "go"


class ServiceKind(str, Enum):
    BACKEND = "backend"  # ClusterIP, reached by other services
    UI = "ui"  # NodePort, reached by people


class EnvKind(str, Enum):
    CONFIG = "config"
    SECRET = "secret"


class EnvVar(BaseModel):
    name: str
    kind: EnvKind
    default: str | None = None  # literal default found in code; never set for secrets
    source: str  # "path:line" where the code reads it
    build_time: bool = False  # inlined into a browser bundle at build (NEXT_PUBLIC_*, VITE_*)


class ServiceCall(BaseModel):
    """One service reaching another through an environment variable holding its URL."""

    env: str
    target: str  # the called service's name


class WorkerProcess(BaseModel):
    """A process of the service that serves no HTTP: its own Deployment, no Service, no probes."""

    name: str
    command: str
    source: str


class Resources(BaseModel):
    cpu_request: str
    memory_request: str
    cpu_limit: str
    memory_limit: str


class ServicePlan(BaseModel):
    name: str  # the service directory name, also the image and k8s component name
    path: str  # relative to the app root, POSIX, "." for a single-service repo
    framework: Framework
    kind: ServiceKind
    language: str  # "python", "node", "go"
    language_version: str
    package_manager: str  # pip, poetry, uv, npm, go
    lock_file: str | None = None
    manifests: list[str]  # dependency files copied before the sources
    build_command: str | None = None
    start_command: list[str]
    port: int
    health_path: str
    readiness_path: str
    env: list[EnvVar] = Field(default_factory=list)
    calls: list[ServiceCall] = Field(default_factory=list)
    writable_paths: list[str] = Field(default_factory=list)  # emptyDir mounts under a read-only root
    framework_version: str | None = None  # e.g. the Next.js major version
    extra_packages: list[str] = Field(default_factory=list)  # pinned server packages the project lacks
    build_output: str | None = None  # Vite's output directory, Go's main package
    installs_project: bool = False  # pyproject with a [build-system]: `pip install .` the project itself
    public_dir: bool = False  # Next.js public/ exists and must be copied into the image
    nextjs_router: str | None = None  # "app" or "pages"
    nextjs_standalone: bool | None = None
    base_image: str
    resources: Resources
    replicas: int = 2
    # field -> where its value came from ("app/main.py:12", "agent.toml", "framework default (uvicorn)")
    sources: dict[str, str] = Field(default_factory=dict)
    # field -> "declared" (the repo states it), "inferred" (read from code), "guessed" (a default), "unknown"
    confidence: dict[str, str] = Field(default_factory=dict)
    workdir: str | None = None  # where the start command runs, relative to the service (src layouts)
    release_commands: list[str] = Field(default_factory=list)  # migrate, collectstatic, ... before the server
    workers: list[WorkerProcess] = Field(default_factory=list)  # processes serving no HTTP (celery, rq)
    warnings: list[str] = Field(default_factory=list)  # traps found in the repository

    @property
    def guesses(self) -> list[str]:
        """The plan fields nothing in the repository states (defaults) or that are still unknown."""
        return [f for f in ("start_command", "port", "health_path") if self.confidence.get(f) in ("guessed", "unknown")]

    @property
    def values_key(self) -> str:
        """The camelCase key under which the service's Helm values live (frontend-web -> frontendWeb)."""
        head, *rest = self.name.replace("_", "-").split("-")
        return head + "".join(part[:1].upper() + part[1:] for part in rest)

    @property
    def config_vars(self) -> list[EnvVar]:
        called = {call.env for call in self.calls}
        return [v for v in self.env if v.kind is EnvKind.CONFIG and v.name not in called]

    @property
    def secret_vars(self) -> list[EnvVar]:
        return [v for v in self.env if v.kind is EnvKind.SECRET]

    @property
    def build_args(self) -> list[EnvVar]:
        return [v for v in self.env if v.build_time]

    @property
    def is_ui(self) -> bool:
        return self.kind is ServiceKind.UI


class AppPlan(BaseModel):
    name: str  # the app (chart, namespace, image prefix) name
    version: str = "1.0.0"  # chart version and image tag
    source_dir: str  # the app root, relative to the output root when written
    services: list[ServicePlan]
    # directories that look like services but are examples, docs or references: listed, not deployed
    skipped: dict[str, str] = Field(default_factory=dict)  # path -> why

    def service(self, name: str) -> ServicePlan:
        return next(s for s in self.services if s.name == name)

    def callers_of(self, name: str) -> list[ServicePlan]:
        return [s for s in self.services if any(c.target == name for c in s.calls)]

    def image(self, service: ServicePlan) -> str:
        return f"{self.name}-{service.name}"

    def service_dir(self, service: ServicePlan) -> str:
        return str(PurePosixPath(self.source_dir) / service.path)
