"""One fact a repository states about a service, and where it states it."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel


class Fact(str, Enum):
    START = "start"  # the command that serves the app
    RELEASE = "release"  # a step run before the server (migrate, collectstatic, ...)
    WORKER = "worker"  # a process that serves no HTTP (celery, rq, arq)
    PORT = "port"
    HEALTH = "health"  # an HTTP path a health check calls
    WORKDIR = "workdir"  # the directory (relative to the service) the command runs in
    BUILD = "build"  # the build command


class Evidence(BaseModel):
    fact: Fact
    value: str | int
    source: str  # "Procfile:1 (web)", "render.yaml services[1].startCommand"
    reader: str  # a key of ranks.yaml: how much this kind of source is trusted
    process: str = "web"  # the process name the source gives (Procfile type, compose service)
