"""A port already in use: another container of the pod, the host network, or a second server."""

from __future__ import annotations

import re

from agent.diagnosis.analyzers._crash.context import Cause, CrashContext
from agent.diagnosis.models import Evidence, Fix

_PORT_PATTERNS = [
    re.compile(r"EADDRINUSE: address already in use \S*:(\d+)"),
    re.compile(r"error while attempting to bind on address \('[\d.:a-f]*', (\d+)\)"),
    re.compile(r"listen tcp [\w.:\[\]]*:(\d+): bind: address already in use"),
    re.compile(r"bind\(\) to [\d.:\[\]]*:(\d+) failed \(98: Address already in use\)"),
    re.compile(r"()\[Errno 98\] Address already in use"),
]


def port_in_use(ctx: CrashContext) -> Cause | None:
    for pattern in _PORT_PATTERNS:
        match = pattern.search(ctx.text)
        if match:
            port = int(match.group(1)) if match.group(1) else _first_port(ctx.view.spec)
            return _port_cause(ctx, port, match.group(0))
    return None


def _first_port(container: dict) -> int | None:
    ports = container.get("ports") or []
    return int(ports[0]["containerPort"]) if ports and ports[0].get("containerPort") else None


def _port_cause(ctx: CrashContext, port: int | None, line: str) -> Cause:
    evidence = [ctx.quote(line)]
    pod_spec = ctx.view.pod.get("spec") or {}
    others = [
        c
        for c in (pod_spec.get("containers") or [])
        if c.get("name") != ctx.view.name and any(int(p.get("containerPort", 0)) == port for p in c.get("ports") or [])
    ]
    if others:
        other = others[0]
        evidence.append(
            Evidence(
                source="spec",
                text=f"container {other.get('name')} ({other.get('image')}) also declares containerPort {port}",
            )
        )
        root = (
            f"The {ctx.who()} exits because port {port} is already taken by the container {other.get('name')} "
            "in the same pod (all containers of a pod share one network namespace)."
        )
        return Cause(
            f"port-in-use:{port}:{other.get('name')}",
            root,
            evidence,
            Fix(
                description=f"Run {ctx.view.name} or {other.get('name')} on another port (set PORT / --port "
                "and the containerPort, probes and Service targetPort to match)."
            ),
            0.9,
        )
    if pod_spec.get("hostNetwork"):
        evidence.append(Evidence(source="spec", text="hostNetwork: true"))
        root = (
            f"The {ctx.who()} exits because port {port} is already in use on node "
            f"{pod_spec.get('nodeName', '?')}: the pod uses hostNetwork, so it competes with the node's processes."
        )
        return Cause(
            f"port-in-use:{port}:host",
            root,
            evidence,
            Fix(description="Remove hostNetwork: true (use a Service or hostPort) or free the port on the node."),
            0.85,
        )
    root = (
        f"The {ctx.who()} exits because port {port} is already in use inside the container: the command starts "
        "a second server on the same port (e.g. a start script that runs the server twice, or a dev server "
        "and the app together)."
    )
    return Cause(
        f"port-in-use:{port}",
        root,
        evidence,
        Fix(
            description=f"Start exactly one process listening on {port}; check the image CMD/entrypoint "
            "and the container command."
        ),
        0.75,
    )
