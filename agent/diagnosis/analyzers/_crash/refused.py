"""Connections refused by a dependency: localhost, a Service without endpoints, a wrong port."""

from __future__ import annotations

import json
import re

from agent.diagnosis.analyzers._crash.addresses import env_pointing_at, service_in_host
from agent.diagnosis.analyzers._crash.context import LOCAL_HOSTS, Cause, CrashContext
from agent.diagnosis.analyzers._pods import ns_flag
from agent.diagnosis.models import Evidence, Fix
from agent.diagnosis.state import name_of, namespace_of

_REFUSED_PATTERNS = [
    re.compile(r'connection to server at "([^"]+)" \(([\d.a-f:]+)\), port (\d+) failed: Connection refused'),
    re.compile(
        r'Is the server running on host "([^"]+)" \(([\d.a-f:]+)\) and accepting\s+TCP/IP connections on port (\d+)'
    ),
    re.compile(r"connect ECONNREFUSED ()([\d.a-f:]+):(\d+)"),
    re.compile(r"dial tcp ()([\w.-]+):(\d+): connect: connection refused"),
    re.compile(r"Connect call failed \('()([\d.a-f:]+)', (\d+)\)"),
    re.compile(r"Error 111 connecting to ()([\w.-]+):(\d+)"),
]


def refused(ctx: CrashContext) -> Cause | None:
    for pattern in _REFUSED_PATTERNS:
        match = pattern.search(ctx.text)
        if match:
            name, addr, port = match.group(1), match.group(2), int(match.group(3))
            return _refused_cause(ctx, name or addr, addr, port, match.group(0))
    return None


def _refused_cause(ctx: CrashContext, host: str, addr: str, port: int, line: str) -> Cause:
    evidence = [ctx.quote(line)]
    via = env_pointing_at(ctx, host, port)
    via_text = f", the address in {via}," if via else ""
    where = f"{host}:{port}" + (f" ({addr})" if addr and addr != host else "")
    if host in LOCAL_HOSTS or addr in LOCAL_HOSTS:
        root = (
            f"The {ctx.who()} exits because it connects to {host}:{port}{via_text}, i.e. inside its own pod, "
            "where nothing listens on that port; the dependency runs in another pod behind a Service."
        )
        return Cause(
            f"refused:{host}:{port}",
            root,
            evidence,
            Fix(
                description=f"Point {via or 'the connection setting'} at the dependency's Service name "
                f"(e.g. <service>:{port}) instead of {host}.",
                commands=[f"kubectl get svc {ns_flag(ctx.ns)}"],
            ),
            0.85,
        )
    svc = ctx.index.service_by_ip(addr) if addr else None
    if svc is None:
        target = service_in_host(host, ctx.ns)
        if target:
            svc = ctx.state.get("Service", target[1], target[0])
    if svc is None:
        root = (
            f"The {ctx.who()} exits because the connection to {where}{via_text} is refused: nothing listens "
            "there (the address is not a Service in the cluster, or the server is down)."
        )
        return Cause(
            f"refused:{host}:{port}",
            root,
            evidence,
            Fix(
                description=f"Start the server at {host}:{port} or point {via or 'the app'} at the right address.",
                commands=[f"kubectl get svc,endpoints {ns_flag(ctx.ns)}"],
            ),
            0.7,
        )
    svc_name, svc_ns = name_of(svc), namespace_of(svc) or ctx.ns
    problem, svc_evidence, fix = _service_problem(ctx, svc, port)
    evidence.extend(svc_evidence)
    root = (
        f"The {ctx.who()} exits because the connection to {where}{via_text} is refused: "
        f"the Service {svc_name} in namespace {svc_ns} {problem}."
    )
    return Cause(f"refused:{svc_ns}/{svc_name}:{port}", root, evidence, fix, 0.85)


def _service_problem(ctx: CrashContext, svc: dict, port: int) -> tuple[str, list[Evidence], Fix]:
    spec = svc.get("spec") or {}
    name, ns = name_of(svc), namespace_of(svc) or ctx.ns
    ports = spec.get("ports") or []
    evidence = [
        Evidence(
            source=f"service/{name}",
            text="ports: "
            + ", ".join(f"{p.get('port')}->{p.get('targetPort', p.get('port'))}" for p in ports)
            + f"; selector: {spec.get('selector') or {}}",
        )
    ]
    if ports and all(int(p.get("port", 0)) != port for p in ports):
        exposed = ", ".join(str(p.get("port")) for p in ports)
        return (
            f"exposes port {exposed}, not {port}",
            evidence,
            Fix(description=f"Connect to port {exposed} (the Service port) or add port {port} to the Service."),
        )
    selector = spec.get("selector") or {}
    backends = ctx.index.selector_matches(selector, ns)
    label = ",".join(f"{k}={v}" for k, v in selector.items())
    if selector and not backends:
        scaled = _scaled_to_zero(ctx, selector, ns)
        if scaled:
            evidence.append(Evidence(source="spec", text=f"{scaled.lower()} replicas: 0"))
            return (
                f"has no endpoints: its selector {label} matches no pod because {scaled} is scaled to 0 replicas",
                evidence,
                Fix(
                    description=f"Scale {scaled} back up; the app connects once it is ready.",
                    commands=[f"kubectl scale {scaled.lower().replace(' ', '/')} {ns_flag(ns)} --replicas=1"],
                ),
            )
        return (
            f"has no endpoints: its selector {label} matches no pod",
            evidence,
            Fix(
                description=f"Deploy the {name} backend or fix the Service selector to match its pods' labels.",
                commands=[
                    f"kubectl get pods {ns_flag(ns)} --show-labels",
                    f"kubectl get endpoints {name} {ns_flag(ns)}",
                ],
            ),
        )
    ready = [p for p in backends if _ready(p)]
    if backends and not ready:
        names = ", ".join(name_of(p) for p in backends[:3])
        phases = ", ".join(sorted({_pod_status_word(p) for p in backends}))
        evidence.append(Evidence(source="status", text=f"pods behind {name}: {names} ({phases})"))
        return (
            f"has no ready endpoints: its pods {names} are not ready ({phases})",
            evidence,
            Fix(
                description=f"Fix the {name} pods first; the app recovers once they are ready.",
                commands=[f"kubectl describe pod {name_of(backends[0])} {ns_flag(ns)}"],
            ),
        )
    target = next((p.get("targetPort", p.get("port")) for p in ports if int(p.get("port", 0)) == port), port)
    listening = {
        int(cp.get("containerPort"))
        for p in ready
        for c in (p.get("spec") or {}).get("containers") or []
        for cp in c.get("ports") or []
        if cp.get("containerPort")
    }
    named = {
        cp.get("name")
        for p in ready
        for c in (p.get("spec") or {}).get("containers") or []
        for cp in c.get("ports") or []
    }
    if listening and str(target).isdigit() and int(target) not in listening and target not in named:
        return (
            f"forwards port {port} to targetPort {target}, but its pods listen on "
            f"{', '.join(map(str, sorted(listening)))}",
            evidence,
            Fix(
                description=f"Set the Service targetPort to {sorted(listening)[0]}.",
                commands=[
                    f"kubectl patch service {name} {ns_flag(ns)} --type json -p '"
                    + json.dumps([{"op": "replace", "path": "/spec/ports/0/targetPort", "value": sorted(listening)[0]}])
                    + "'"
                ],
            ),
        )
    return (
        "has ready endpoints, yet the server refused the connection (it was not accepting connections yet, "
        "or listens on another interface)",
        evidence,
        Fix(
            description="Make the app wait for the dependency (retry with backoff or an init container), and "
            f"check the server in the {name} pods listens on 0.0.0.0:{target}."
        ),
    )


def _scaled_to_zero(ctx: CrashContext, selector: dict, namespace: str) -> str | None:
    """`StatefulSet postgres` when a workload whose pods the selector would match has replicas 0."""
    for kind in ("StatefulSet", "Deployment"):
        for obj in ctx.state.of_kind(kind, namespace):
            spec = obj.get("spec") or {}
            labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
            if spec.get("replicas") == 0 and selector.items() <= labels.items():
                return f"{kind} {name_of(obj)}"
    return None


def _ready(pod: dict) -> bool:
    return any(
        c.get("type") == "Ready" and c.get("status") == "True"
        for c in (pod.get("status") or {}).get("conditions") or []
    )


def _pod_status_word(pod: dict) -> str:
    for status in (pod.get("status") or {}).get("containerStatuses") or []:
        waiting = (status.get("state") or {}).get("waiting")
        if waiting:
            return waiting.get("reason", "Waiting")
    return (pod.get("status") or {}).get("phase", "Unknown")
