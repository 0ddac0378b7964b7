"""Why a container exited: read its logs, termination message and exit code, and link the cause to the spec.

Shared by the crash-loop, init-container and Job analyzers. Matchers run from the most
specific to the least; the first that recognises the output wins, and the fallback
quotes the last error lines (or infers from the exit code when there is no output).
"""

from __future__ import annotations

from collections.abc import Callable

from agent.diagnosis.analyzers._crash.command import bad_command
from agent.diagnosis.analyzers._crash.context import Cause, CrashContext
from agent.diagnosis.analyzers._crash.database import credentials, migration_conflict
from agent.diagnosis.analyzers._crash.dns import dns
from agent.diagnosis.analyzers._crash.env import missing_env
from agent.diagnosis.analyzers._crash.fallback import generic_cause
from agent.diagnosis.analyzers._crash.files import missing_file, permissions
from agent.diagnosis.analyzers._crash.port import port_in_use
from agent.diagnosis.analyzers._crash.refused import refused
from agent.diagnosis.analyzers._pods import ContainerView, PodIndex, container_log
from agent.diagnosis.models import ObjectRef


def explain_exit(index: PodIndex, view: ContainerView, owner: ObjectRef) -> Cause:
    term = view.last_terminated
    log = container_log(index.state, view)
    message = term.get("message") or ""
    text = "\n".join(t for t in ((log.text if log else ""), message) if t)
    # a `get pods` row only says a container failed; its exit code is then not evidence
    code = term.get("exitCode") if term.get("exitCodeShown", True) else None
    ctx = CrashContext(index, view, owner, log, text, int(code) if code is not None else None, term.get("reason") or "")
    for matcher in MATCHERS:
        cause = matcher(ctx)
        if cause:
            return cause
    return generic_cause(ctx)


MATCHERS: list[Callable[[CrashContext], Cause | None]] = [
    bad_command,
    missing_env,
    dns,
    refused,
    credentials,
    migration_conflict,
    port_in_use,
    permissions,
    missing_file,
]


__all__ = ["MATCHERS", "Cause", "CrashContext", "explain_exit"]
