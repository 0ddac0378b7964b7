"""Readiness, liveness and startup probes that fail: wrong port, wrong path, or an app slower than the probe."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from agent.diagnosis.analyzers._pods import (
    ContainerView,
    Groups,
    LogText,
    PodIndex,
    container_events,
    container_log,
    container_patch,
    containers,
    event_evidence,
    events_with,
    is_pod_ready,
    killed_by_liveness,
    ns_flag,
    owner_of,
    patch_command,
    pod_events,
    pod_names,
    related_pods,
    status_line,
    workload_arg,
)
from agent.diagnosis.analyzers._probe_logs import (
    LISTEN,
    STARTED,
    better_path,
    first_match_line,
    listening_port,
    log_span_seconds,
    served_paths,
    startup_seconds,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of
from agent.redact import redact

# a starting pod fails a probe or two before it listens; fewer than a failureThreshold's worth is not a problem
MIN_FAILURES = 3
PROBES = {"Readiness": "readinessProbe", "Liveness": "livenessProbe", "Startup": "startupProbe"}
_STATUS = re.compile(r"HTTP probe failed with statuscode: (\d+)")


@dataclass
class ProbeView:
    kind: str  # Readiness / Liveness / Startup
    probe: Obj
    port: int | None
    path: str | None

    @classmethod
    def of(cls, view: ContainerView, kind: str) -> ProbeView | None:
        probe = view.spec.get(PROBES[kind])
        if not probe:
            return None
        action = probe.get("httpGet") or probe.get("tcpSocket") or probe.get("grpc") or {}
        port = action.get("port")
        if isinstance(port, str) and not port.isdigit():
            port = next((p.get("containerPort") for p in view.spec.get("ports") or [] if p.get("name") == port), None)
        return cls(kind, probe, int(port) if port is not None else None, (probe.get("httpGet") or {}).get("path"))

    @property
    def window(self) -> int:
        """Seconds from container start until this probe has failed failureThreshold times."""
        p = self.probe
        return int(p.get("initialDelaySeconds", 0)) + int(p.get("periodSeconds", 10)) * int(
            p.get("failureThreshold", 3)
        )

    def describe(self) -> str:
        action = "httpGet" if self.probe.get("httpGet") else ("tcpSocket" if self.probe.get("tcpSocket") else "exec")
        target = f" {self.path or ''} port {self.port}" if self.port else ""
        p = self.probe
        return (
            f"{PROBES[self.kind]}: {action}{target}, initialDelaySeconds {p.get('initialDelaySeconds', 0)}, "
            f"periodSeconds {p.get('periodSeconds', 10)}, failureThreshold {p.get('failureThreshold', 3)}"
        )


@dataclass
class ProbeCause:
    key: str
    root: str
    fix: Fix
    confidence: float
    evidence: list[Evidence]


@register
class ProbeAnalyzer(Analyzer):
    name = "probes"
    kinds = ("Pod", "Deployment", "StatefulSet", "DaemonSet")
    keywords = (
        "probe",
        "readiness",
        "liveness",
        "startup",
        "unhealthy",
        "not ready",
        "ready",
        "health",
        "healthz",
        "503",
        "restart",
        "restarting",
        "killed",
        "0/1",
        "endpoints",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        index = PodIndex(state)
        services = _services_by_namespace(state)
        groups = Groups()
        for pod in state.of_kind("Pod"):
            if (pod.get("status") or {}).get("phase") != "Running":
                continue
            events = pod_events(state, pod)
            if not events:
                continue
            for view in containers(pod):
                mine = container_events(events, view.name)
                failures = [e for e in events_with(mine, ("Unhealthy",)) if " probe failed" in (e.get("message") or "")]
                if _failure_count(failures) < MIN_FAILURES or not self._affected(view, events):
                    continue
                owner = owner_of(state, pod)
                cause = self._cause(state, index, owner, view, failures, services.get(view.namespace, []))
                groups.add(owner, f"{view.name}|{cause.key}", (view, cause, failures + events_with(mine, ("Killing",))))
        return [self._finding(owner, members) for owner, members in groups.items()]

    @staticmethod
    def _affected(view: ContainerView, events: list[Obj]) -> bool:
        return (
            not view.status.get("ready", False)
            or not is_pod_ready(view.pod)
            or (view.restart_count > 0 and killed_by_liveness(events, view.name))
        )

    def _cause(
        self,
        state: ClusterState,
        index: PodIndex,
        owner: ObjectRef,
        view: ContainerView,
        failures: list[Obj],
        services: list[Obj],
    ) -> ProbeCause:
        kinds = [k for k in PROBES if any((e.get("message") or "").startswith(f"{k} probe failed") for e in failures)]
        probes = [p for p in (ProbeView.of(view, k) for k in kinds) if p]
        probe = probes[0] if probes else None
        messages = "\n".join(e.get("message") or "" for e in failures)
        ports = sorted({int(p["containerPort"]) for p in view.spec.get("ports") or [] if p.get("containerPort")})
        log = container_log(state, view)
        log_text = log.text if log else ""
        listening = listening_port(log_text)
        actual = listening or (ports[0] if ports else None)
        evidence = [Evidence(source="spec", text=p.describe()) for p in probes]
        if ports:
            evidence.append(
                Evidence(source="spec", text=f"container {view.name} ports: containerPort {', '.join(map(str, ports))}")
            )
        if listening and log:
            evidence.append(Evidence(source=log.source, text=first_match_line(log_text, LISTEN)))
        target_ports = _service_target_ports(services, view)
        for svc_name, target in target_ports:
            evidence.append(Evidence(source=f"service/{svc_name}", text=f"targetPort {target}"))
        names = " and ".join(f"{p.kind.lower()}" for p in probes) or "the"
        noun = "probes" if len(probes) > 1 else "probe"
        if probe and probe.port and actual and probe.port != actual and "refused" in messages:
            services_text = "".join(f"; the Service {n} targets port {t}" for n, t in target_ports)
            root = (
                f"The {names} {noun} of container {view.name} check{'' if len(probes) > 1 else 's'} port {probe.port}, "
                "but the app listens on "
                f"port {actual} (containerPort {', '.join(map(str, ports)) or 'not declared'}{services_text}), "
                f"so every probe gets connection refused"
                + (
                    " and the kubelet restarts the container."
                    if probe.kind == "Liveness" or len(probes) > 1 and view.restart_count
                    else " and the pod never becomes Ready (no Service endpoints)."
                )
            )
            fields = {PROBES[p.kind]: _port_field(p, actual) for p in probes if p.port == probe.port}
            fix = Fix(
                description=f"Point the probes at port {actual}.",
                commands=[patch_command(owner, container_patch(owner, view.name, fields))],
            )
            return ProbeCause(f"wrong-port:{probe.port}", root, fix, 0.9, evidence)
        status = _STATUS.search(messages)
        # only an httpGet probe can answer 404; a tcpSocket probe failing beside it keeps its handler
        http_probes = [p for p in probes if p.probe.get("httpGet")]
        if http_probes and status and status.group(1) == "404":
            probe = http_probes[0]
            names = " and ".join(p.kind.lower() for p in http_probes)
            better = better_path(served_paths(log_text), probe.kind)
            root = (
                f"The {names} probe of container {view.name} requests {probe.path} on port {probe.port}, which the "
                f"app does not serve (HTTP 404)" + (f"; the app answers 200 on {better}" if better else "") + "."
            )
            if log:
                access = first_match_line(log_text, [re.compile(rf'"GET {re.escape(probe.path or "/")} HTTP')])
                if access:
                    evidence.append(Evidence(source=log.source, text=access))
            path = better or "<health path>"
            fields = {PROBES[p.kind]: {"httpGet": {"path": path, "port": p.port}} for p in http_probes}
            fix = Fix(
                description=f"Set the probe path to {path} (an endpoint the app serves with 200).",
                commands=[patch_command(owner, container_patch(owner, view.name, fields))],
            )
            return ProbeCause(f"wrong-path:{probe.path}", root, fix, 0.9 if better else 0.8, evidence)
        liveness = ProbeView.of(view, "Liveness")
        if (
            liveness
            and "Liveness" in kinds
            and view.restart_count > 0
            and ("refused" in messages or "timeout" in messages.lower() or "deadline" in messages)
        ):
            return self._slow_start(owner, view, liveness, log, messages, evidence)
        if status:
            code = status.group(1)
            lines = [redact(ln) for ln in log_text.splitlines() if re.search(r"error|exception|fail", ln, re.I)][-2:]
            root = (
                f"The {names} probe of container {view.name} gets HTTP {code} from {probe.path if probe else 'the app'}: "
                "the app is up but reports itself unhealthy"
                + (f"; its log says: {' | '.join(ln.strip() for ln in lines)}" if lines else "")
                + "."
            )
            if log:
                evidence += [Evidence(source=log.source, text=ln.strip()) for ln in lines]
            return ProbeCause(
                f"status:{code}",
                root,
                Fix(
                    description="Fix what the health endpoint reports (often a dependency it checks).",
                    commands=[f"kubectl logs {view.pod_name} {ns_flag(view.namespace)} -c {view.name}"],
                ),
                0.65,
                evidence,
            )
        last = failures[-1].get("message", "")
        root = f"The {names} probe of container {view.name} keeps failing: {last}"
        return ProbeCause(
            "other",
            root,
            Fix(
                description="Check the probe settings against the app's port, path and startup time.",
                commands=[f"kubectl describe pod {view.pod_name} {ns_flag(view.namespace)}"],
            ),
            0.5,
            evidence,
        )

    def _slow_start(
        self,
        owner: ObjectRef,
        view: ContainerView,
        liveness: ProbeView,
        log: LogText | None,
        messages: str,
        evidence: list[Evidence],
    ) -> ProbeCause:
        startup = startup_seconds(log.text) if log else None
        started = bool(log and STARTED.search(log.text))
        if log:
            lines = [redact(ln.strip()) for ln in log.text.splitlines() if ln.strip()]
            evidence += [Evidence(source=log.source, text=ln) for ln in (lines[:1] + lines[-1:])]
        window = liveness.window
        if startup:
            how_long = f"the app needs about {startup}s to start"
        elif not started:
            span = log_span_seconds(log.text) if log else None
            how_long = "the app had not finished starting when it was killed" + (
                f": its log shows it still starting {span}s after the first line"
                if span
                else " (its log stops before the server listens)"
            )
        else:
            how_long = "the app starts slower than that"
        failure = "connection refused" if "refused" in messages else "timeouts"
        need = max(startup or window * 2, window) * 2
        period = int(liveness.probe.get("periodSeconds", 10))
        threshold = math.ceil(need / period)
        root = (
            f"The liveness probe kills container {view.name} before the app listens: it allows only {window}s "
            f"(initialDelaySeconds {liveness.probe.get('initialDelaySeconds', 0)} + {liveness.probe.get('failureThreshold', 3)} "
            f"failures x {period}s) and {how_long}, so the probe gets {failure} and the kubelet restarts the "
            f"container ({view.restart_count} restarts). The probe port {liveness.port} is correct."
        )
        action = {k: v for k, v in liveness.probe.items() if k in ("httpGet", "tcpSocket", "exec", "grpc")}
        startup_probe = {"startupProbe": {**action, "periodSeconds": period, "failureThreshold": threshold}}
        fix = Fix(
            description=f"Add a startupProbe that allows {threshold * period}s for startup (liveness starts "
            "checking only after it succeeds), or raise livenessProbe.initialDelaySeconds.",
            commands=[patch_command(owner, container_patch(owner, view.name, startup_probe))],
        )
        return ProbeCause("slow-start", root, fix, 0.85 if (startup or not started) else 0.7, evidence)

    def _finding(self, owner: ObjectRef, members: list[tuple[ContainerView, ProbeCause, list[Obj]]]) -> Finding:
        view, cause, events = members[0]
        pods = [m[0].pod for m in members]
        who = (
            f"Pod {view.pod_name}"
            if len(pods) == 1
            else f"{len(pods)} pods of {workload_arg(owner)} ({pod_names(pods)})"
        )
        ready = "Ready" if view.status.get("ready") else "not Ready"
        symptom = (
            f"{who}: container {view.name} is {ready} (probe failures: Unhealthy events), {view.restart_count} restarts"
        )
        evidence = [Evidence(source="status", text=status_line(view)), *event_evidence(events, 2), *cause.evidence]
        return Finding(
            analyzer=self.name,
            object=owner,
            severity=Severity.CRITICAL if not view.status.get("ready") or view.restart_count else Severity.WARNING,
            symptom=symptom,
            root_cause=cause.root,
            evidence=evidence,
            fix=cause.fix,
            confidence=cause.confidence,
            related=related_pods(owner, pods),
        )


def _failure_count(events: list[Obj]) -> int:
    return sum(int(e.get("count") or 1) for e in events)


def _port_field(probe: ProbeView, port: int) -> Obj:
    if probe.probe.get("httpGet"):
        return {"httpGet": {**probe.probe["httpGet"], "port": port}}
    return {"tcpSocket": {"port": port}}


def _services_by_namespace(state: ClusterState) -> dict[str, list[Obj]]:
    out: dict[str, list[Obj]] = {}
    for svc in state.of_kind("Service"):
        out.setdefault((svc.get("metadata") or {}).get("namespace") or "default", []).append(svc)
    return out


def _service_target_ports(services: list[Obj], view: ContainerView) -> list[tuple[str, str]]:
    labels = ((view.pod.get("metadata") or {}).get("labels") or {}).items()
    out = []
    for svc in services:
        selector = (svc.get("spec") or {}).get("selector") or {}
        if selector and selector.items() <= labels:
            for port in (svc.get("spec") or {}).get("ports") or []:
                out.append((name_of(svc), str(port.get("targetPort", port.get("port")))))
    return out
