"""Docker through the SDK (never by shelling out): build, run, exec, inspect, remove.

Builds use the low-level `APIClient.build` stream so a failure names the step it
happened in. Builds run with host networking by default (CI has no bridge; pip
reaches its index through the host), containers with no network unless asked.
`DockerBuildTool` exposes `build` to the agent loop.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any, Callable, ClassVar

from pydantic import BaseModel, Field

from agent.errors import AgentError
from agent.tooling.base import Modifies, Tool, ToolContext, ToolResult

BUILD_TIMEOUT = 1800  # seconds the HTTP stream may stay silent (a long pip install prints nothing)
STEP_LINE = re.compile(r"^Step (\d+)/(\d+) : (.*)$")
DOCKERD_HINT = ("start the daemon (CI: `bash scripts/ci/start-dockerd.sh`) or point DOCKER_HOST at a running one, "
                "e.g. DOCKER_HOST=unix:///var/run/docker.sock")


class DockerUnavailable(AgentError):
    """No Docker daemon answers."""


class DockerOperationFailed(AgentError):
    """The daemon answered but the build, run or exec failed."""


class BuildRequest(BaseModel):
    context: Path = Field(description="Build context directory (the service's directory)")
    dockerfile: str = Field(default="Dockerfile",
                            description="Dockerfile path relative to the context, or an absolute path")
    tag: str
    buildargs: dict[str, str] = Field(default_factory=dict)
    network_mode: str = "host"
    nocache: bool = False
    pull: bool = False


class BuildResult(BaseModel):
    tag: str
    image_id: str
    size_bytes: int
    seconds: float
    steps: list[str] = Field(description="The Dockerfile steps as the builder printed them")

    @property
    def size_mb(self) -> float:
        return self.size_bytes / 1_000_000


class RunRequest(BaseModel):
    image: str
    name: str | None = None
    command: list[str] | None = None
    env: dict[str, str] = Field(default_factory=dict)
    ports: dict[int, int] = Field(default_factory=dict, description="container port -> host port")
    network_mode: str = "none"
    user: str | None = None


class ContainerInfo(BaseModel):
    id: str
    image: str
    uid: int = Field(description="The uid the container's main process runs as (0 = root)")
    status: str

    @property
    def runs_as_root(self) -> bool:
        return self.uid == 0


class ExecResult(BaseModel):
    exit_code: int
    output: str


def api_client(timeout: int = BUILD_TIMEOUT) -> Any:
    """A connected `docker.APIClient` (from the environment: DOCKER_HOST, or the default socket)."""
    import docker  # heavy; only the commands that talk to dockerd pay for it
    from docker.errors import DockerException

    try:
        client = docker.APIClient(timeout=timeout, **docker.utils.kwargs_from_env())
        client.ping()
    except DockerException as exc:
        raise DockerUnavailable(f"cannot reach the Docker daemon: {exc}", hint=DOCKERD_HINT) from exc
    except OSError as exc:
        raise DockerUnavailable(f"cannot reach the Docker daemon: {exc}", hint=DOCKERD_HINT) from exc
    return client


def build(request: BuildRequest, on_line: Callable[[str], None] | None = None, client: Any = None) -> BuildResult:
    """Build an image, streaming progress; raise DockerOperationFailed naming the failing step."""
    client = client or api_client()
    context = request.context.resolve()
    if not context.is_dir():
        raise DockerOperationFailed(f"build context {context} is not a directory",
                                    hint="the context is the service's directory, e.g. examples/todo-app/backend")
    dockerfile = Path(request.dockerfile)
    if not (dockerfile if dockerfile.is_absolute() else context / dockerfile).is_file():
        raise DockerOperationFailed(f"Dockerfile {request.dockerfile} not found (relative to {context})",
                                    hint="pass the Dockerfile path relative to the context, or an absolute path")
    started = time.monotonic()
    steps: list[str] = []
    tail: list[str] = []
    image_id = ""
    from docker.errors import DockerException  # the SDK is imported only by callers that talk to dockerd

    from agent.generation.build_context import DOCKERFILE_NAME, context_tar

    try:
        # The context is filtered as BuildKit would (<Dockerfile>.dockerignore first) and never carries .env files.
        archive = context_tar(context, dockerfile if dockerfile.is_absolute() else context / dockerfile)
        stream = client.build(fileobj=archive, custom_context=True, encoding="gzip", dockerfile=DOCKERFILE_NAME,
                              tag=request.tag, buildargs=request.buildargs, network_mode=request.network_mode,
                              nocache=request.nocache, pull=request.pull, rm=True, forcerm=True, decode=True)
        for chunk in stream:
            if "error" in chunk:
                step = steps[-1] if steps else "before the first step"
                detail = (chunk.get("errorDetail") or {}).get("message") or chunk["error"]
                raise DockerOperationFailed(
                    f"build of {request.tag} failed at {step}: {detail.strip()}",
                    hint=("last output:\n" + "\n".join(tail[-15:])) if tail else "run the failing step by hand")
            if isinstance(chunk.get("aux"), dict) and chunk["aux"].get("ID"):
                image_id = chunk["aux"]["ID"]
            line = str(chunk.get("stream", "")).rstrip("\n")
            if not line:
                continue
            match = STEP_LINE.match(line.strip())
            if match:
                steps.append(f"step {match.group(1)}/{match.group(2)} `{match.group(3)}`")
            tail = (tail + [line])[-50:]
            if on_line:
                on_line(line)
    except (DockerException, OSError) as exc:  # requests' errors are OSErrors
        step = steps[-1] if steps else "the start"
        raise DockerOperationFailed(f"build of {request.tag} broke off at {step}: {exc}",
                                    hint="check that dockerd is still running (docker info)") from exc
    try:
        inspected = client.inspect_image(request.tag)
    except (DockerException, OSError) as exc:
        raise DockerOperationFailed(f"build of {request.tag} finished but the image cannot be inspected: {exc}",
                                    hint=f"check that dockerd is still running and `docker image inspect "
                                         f"{request.tag}`") from exc
    return BuildResult(tag=request.tag, image_id=image_id or inspected["Id"], size_bytes=int(inspected["Size"]),
                       seconds=round(time.monotonic() - started, 1), steps=steps)


def image_size(image: str, client: Any = None) -> int:
    client = client or api_client()
    return int(client.inspect_image(image)["Size"])


def image_user(image: str, client: Any = None) -> str:
    """The USER the image declares ('' means root)."""
    client = client or api_client()
    return str(client.inspect_image(image).get("Config", {}).get("User") or "")


def exec_in(container_id: str, command: list[str], user: str | None = None, client: Any = None) -> ExecResult:
    client = client or api_client()
    exec_id = client.exec_create(container_id, command, user=user or "", stdout=True, stderr=True)["Id"]
    output = client.exec_start(exec_id, demux=False)
    exit_code = client.exec_inspect(exec_id).get("ExitCode")
    return ExecResult(exit_code=int(exit_code if exit_code is not None else -1),
                      output=(output or b"").decode("utf-8", "replace"))


def run(request: RunRequest, client: Any = None) -> ContainerInfo:
    """Start a detached container and report the uid its processes run as."""
    from docker.errors import APIError

    client = client or api_client()
    host_config = client.create_host_config(
        network_mode=request.network_mode,
        port_bindings={port: host for port, host in request.ports.items()} or None)
    try:
        created = client.create_container(
            request.image, command=request.command, name=request.name, environment=request.env,
            user=request.user or "", ports=list(request.ports) or None, host_config=host_config, detach=True)
    except APIError as exc:
        raise DockerOperationFailed(f"cannot create a container from {request.image}: {exc.explanation or exc}",
                                    hint="check the image name (docker images)") from exc
    try:
        client.start(created["Id"])
    except APIError as exc:
        remove_container(created["Id"], client=client)
        raise DockerOperationFailed(f"cannot start {request.image}: {exc.explanation or exc}",
                                    hint="check the image name and that the command exists in the image") from exc
    state = client.inspect_container(created["Id"])["State"]
    if not state.get("Running"):
        logs = client.logs(created["Id"], tail=20).decode("utf-8", "replace")
        remove_container(created["Id"], client=client)
        raise DockerOperationFailed(f"container from {request.image} exited with {state.get('ExitCode')}",
                                    hint=f"its last log lines:\n{logs}")
    uid = exec_in(created["Id"], ["id", "-u"], client=client)
    if uid.exit_code != 0 or not uid.output.strip().isdigit():
        raise DockerOperationFailed(f"cannot tell which uid {request.image} runs as: {uid.output.strip()}",
                                    hint="the image needs the `id` program (coreutils or busybox)")
    return ContainerInfo(id=created["Id"], image=request.image, uid=int(uid.output.strip()),
                         status=str(state.get("Status", "")))


def logs(container_id: str, tail: int = 200, client: Any = None) -> str:
    client = client or api_client()
    return client.logs(container_id, tail=tail).decode("utf-8", "replace")


def remove_container(container_id: str, client: Any = None) -> None:
    from docker.errors import NotFound

    client = client or api_client()
    try:
        client.remove_container(container_id, force=True)
    except NotFound:
        pass


PRUNE_MIN_AGE = "30m"  # a build in progress on the same daemon keeps its step images younger than this


def prune_dangling_images(client: Any = None, older_than: str = PRUNE_MIN_AGE) -> int:
    """Remove untagged images (the legacy builder leaves every multi-stage build's earlier stages); bytes freed.

    Only those older than `older_than`: between two steps, a running build's last step image is untagged and
    unused too, and pruning it fails that build ("failed to get digest ... no such file") in another process
    sharing the daemon (parallel test runs, a second terminal)."""
    client = client or api_client()
    return int(client.prune_images(filters={"dangling": True, "until": older_than}).get("SpaceReclaimed") or 0)


def remove_image(image: str, client: Any = None) -> None:
    from docker.errors import ImageNotFound

    client = client or api_client()
    try:
        client.remove_image(image, force=True)
    except ImageNotFound:
        pass


class DockerBuildArgs(BaseModel):
    context: str = Field(description="Build context directory, e.g. examples/todo-app/backend")
    dockerfile: str = Field(description="Dockerfile path relative to the context, or absolute")
    tag: str = Field(description="Image tag, e.g. todo-backend:dev")
    build_args: dict[str, str] = Field(default_factory=dict, description="--build-arg values, e.g. PYTHON_IMAGE")


class DockerBuildTool(Tool):
    name: ClassVar[str] = "docker_build"
    description: ClassVar[str] = ("Build a Docker image from a Dockerfile with the local daemon; reports the image "
                                  "size and build time, or the failing step.")
    Args: ClassVar[type[BaseModel]] = DockerBuildArgs

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        assert isinstance(args, DockerBuildArgs)
        context = Path(args.context)
        if not context.is_absolute():
            context = ctx.workdir / context
        request = BuildRequest(context=context, dockerfile=args.dockerfile, tag=args.tag, buildargs=args.build_args)
        try:
            result = build(request)
        except AgentError as exc:
            return ToolResult.error(str(exc))
        return ToolResult.ok(f"built {result.tag} ({result.size_mb:.0f} MB) in {result.seconds:.0f}s, "
                             f"{len(result.steps)} steps", data=result.model_dump(mode="json"))

    def modifies(self, args: BaseModel) -> Modifies:
        return Modifies.YES  # creates or replaces an image in the local daemon

    def describe_call(self, args: BaseModel) -> str:
        assert isinstance(args, DockerBuildArgs)
        build_args = " ".join(f"--build-arg {k}={v}" for k, v in args.build_args.items())
        return f"docker build -f {args.dockerfile} -t {args.tag} {build_args} {args.context}".replace("  ", " ")
