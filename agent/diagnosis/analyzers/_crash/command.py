"""A container command that cannot run: not found (127), not executable (126), wrong architecture."""

from __future__ import annotations

import json
import posixpath
import re

from agent.diagnosis.analyzers._crash.context import Cause, CrashContext
from agent.diagnosis.analyzers._pods import ns_flag, workload_arg
from agent.diagnosis.models import Evidence, Fix
from agent.redact import redact

_NOT_FOUND = [
    re.compile(r'exec: "([^"]+)": executable file not found in \$PATH'),
    re.compile(r'exec: "([^"]+)": stat [^:]+: no such file or directory'),
    re.compile(
        r"(?:^|\s)(?:/bin/)?(?:sh|bash|ash)(?:: \d+)?: (?:line \d+: )?([^\s:]+): (?:not found|command not found)", re.M
    ),
    re.compile(r"exec ([^\s:]+): no such file or directory"),
]
_NOT_EXECUTABLE = [
    re.compile(r'exec: "([^"]+)": permission denied'),
    re.compile(r"exec ([^\s:]+): permission denied"),
]
_PYTHON_TOOLS = {"uvicorn", "gunicorn", "celery", "alembic", "flask", "hypercorn", "daphne", "pytest"}
_NODE_TOOLS = {"next", "nest", "ts-node", "nodemon", "vite", "react-scripts"}


def bad_command(ctx: CrashContext) -> Cause | None:
    for patterns, problem in ((_NOT_FOUND, "missing"), (_NOT_EXECUTABLE, "not-executable")):
        for pattern in patterns:
            match = pattern.search(ctx.text)
            if match:
                return _command_cause(ctx, match.group(1), problem, match.group(0))
    if "exec format error" in ctx.text:
        return Cause(
            key="exec-format",
            root_cause=(
                f"The {ctx.who()} cannot start: the image {ctx.view.image} was built for another CPU "
                "architecture than the node (exec format error)."
            ),
            evidence=[ctx.quote("exec format error")],
            fix=Fix(
                description="Rebuild the image for the node's architecture and redeploy.",
                commands=[
                    f"docker buildx build --platform linux/amd64 -t {ctx.view.image} .",
                    f"minikube image load {ctx.view.image}",
                ],
            ),
            confidence=0.85,
        )
    return None


def _command_cause(ctx: CrashContext, program: str, problem: str, line: str) -> Cause:
    spec = ctx.view.spec
    command = list(spec.get("command") or []) + list(spec.get("args") or [])
    origin = (
        f"the container command {json.dumps(command)}"
        if spec.get("command")
        else (f"the image {ctx.view.image} ENTRYPOINT/CMD")
    )
    evidence = [ctx.quote(line)]
    if spec.get("command"):
        evidence.append(
            Evidence(
                source="spec",
                text=redact(
                    f"command: {json.dumps(spec.get('command'))}"
                    + (f" args: {json.dumps(spec.get('args'))}" if spec.get("args") else "")
                ),
            )
        )
    code = f" (exit code {ctx.exit_code})" if ctx.exit_code is not None else ""
    tool = posixpath.basename(program)
    if problem == "not-executable":
        root = (
            f"The {ctx.who()} cannot start{code}: {origin} runs {program}, which is not executable "
            "(permission denied: the file lacks the execute bit or is a directory)."
        )
        fix = Fix(
            description=f"Make {program} executable in the image (RUN chmod +x {program} in the Dockerfile) "
            f"or run it through a shell.",
            commands=[
                f"kubectl patch {workload_arg(ctx.owner)} {ns_flag(ctx.ns)} --type json -p "
                + "'"
                + json.dumps([{"op": "replace", "path": f"{ctx.container_path()}/command", "value": ["sh", program]}])
                + "'"
            ],
        )
        return Cause(f"not-executable:{program}", root, evidence, fix, 0.9)
    root = (
        f"The {ctx.who()} cannot start{code}: {origin} runs {program}, which is not found in the image "
        f"{ctx.view.image} (not installed or not on $PATH)."
    )
    if tool in _PYTHON_TOOLS and spec.get("command"):
        new = ["python", "-m", tool] + list(spec["command"][1:])
        description = (
            f"Install {tool} in the image (add it to requirements.txt) or start it as a Python module "
            f"with the interpreter that has it: {' '.join(new)}."
        )
    elif tool in _NODE_TOOLS and spec.get("command"):
        new = ["npx", tool] + list(spec["command"][1:])
        description = f"Install {tool} in the image (a production dependency in package.json) or run it with npx."
    else:
        new = None
        description = (
            f"Fix the command: use the full path of {program} inside the image or install it in the "
            "Dockerfile; check with `docker run --rm --entrypoint sh IMAGE -c 'which " + tool + "'`."
        )
    commands = []
    if new:
        commands.append(
            f"kubectl patch {workload_arg(ctx.owner)} {ns_flag(ctx.ns)} --type json -p '"
            + json.dumps([{"op": "replace", "path": f"{ctx.container_path()}/command", "value": new}])
            + "'"
        )
    return Cause(f"command-not-found:{program}", root, evidence, Fix(description=description, commands=commands), 0.9)
