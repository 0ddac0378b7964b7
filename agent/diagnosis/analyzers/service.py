"""Services that do not deliver traffic: a selector that matches no pod, selected pods none of which is
ready, or a targetPort the containers do not listen on."""

from __future__ import annotations

import json
import re
from collections import defaultdict

from agent.diagnosis.analyzers._pods import is_pod_ready
from agent.diagnosis.analyzers._workloads import (
    PodIndex,
    closest_workload_labels,
    format_labels,
    is_terminated,
    kubectl_ns,
    pod_failure,
    pod_refs,
    ref,
    targets_scaled_to_zero,
    workloads_of,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, labels_of, name_of, namespace_of

_LISTENING = re.compile(
    r"(?:running on|listening on|listening at|started server on|Local:|bound to|serving on)\s+\S*?:(\d{2,5})\b",
    re.IGNORECASE,
)


@register
class ServiceAnalyzer(Analyzer):
    name = "service"
    kinds = ("Service",)
    needs = {"Pod": "the pods Services select"}
    keywords = (
        "service", "svc", "endpoint", "endpoints", "503", "502", "connection refused", "unreachable", "selector",
        "targetport", "port", "reach", "traffic", "site", "down", "curl", "timeout",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        services = [s for s in state.of_kind("Service") if _routes_to_pods(s)]
        if not services:
            return []
        pods = PodIndex(state)
        ready_counts = _ready_endpoint_counts(state)
        pods_known = state.knows("Pod")
        findings = []
        for svc in services:
            ns = namespace_of(svc)
            selector = (svc.get("spec") or {}).get("selector") or {}
            if not pods_known:
                # without pods, the Endpoints object is the only evidence; which pods and why stays unknown
                endpoints = state.get("Endpoints", ns, name_of(svc))
                if endpoints is not None and not is_leader_lock(endpoints) and ready_counts.get((ns, name_of(svc))) == 0:
                    findings.append(self._endpoints_only(svc, endpoints))
                continue
            selected = [p for p in pods.select_labels(ns, selector) if not is_terminated(p)]
            if not selected:
                if not targets_scaled_to_zero(state, ns, selector):
                    findings.append(self._selector_mismatch(state, svc, selector, pods))
                continue
            port_finding = self._port_mismatch(state, svc, selected)
            if port_finding:
                findings.append(port_finding)
                continue
            ready = ready_counts.get((ns, name_of(svc)))
            if ready is None:
                ready = sum(1 for p in selected if is_pod_ready(p))
            if ready == 0:
                findings.append(self._none_ready(state, svc, selected))
        return findings

    def _endpoints_only(self, svc: Obj, endpoints: Obj) -> Finding:
        ns, name = namespace_of(svc), name_of(svc)
        selector = (svc.get("spec") or {}).get("selector") or {}
        not_ready = [a for s in endpoints.get("subsets") or [] for a in s.get("notReadyAddresses") or []]
        pods = [ObjectRef(kind=(a.get("targetRef") or {}).get("kind", "Pod"), name=(a.get("targetRef") or {}).get("name", ""),
                          namespace=ns) for a in not_ready if (a.get("targetRef") or {}).get("name")]
        if not_ready:
            cause = (f"Service {name} has {len(not_ready)} endpoint(s), none ready: the pods behind it "
                     f"({', '.join(p.name for p in pods) or 'unnamed'}) fail their readiness checks")
        else:
            cause = (f"Service {name} has no endpoints at all: no running pod carries its selector labels "
                     f"{format_labels(selector)} (no pods, or pods with other labels)")
        return self._finding(
            svc, "Service has no ready endpoints", cause,
            [Evidence(source="spec", text=f"Service {name} selector: {format_labels(selector)}"),
             Evidence(source="endpoints", text=f"Endpoints {name}: 0 ready addresses, {len(not_ready)} not ready")],
            Fix(description="Check which pods carry the selector labels and why they are not ready.",
                commands=[f"kubectl get pods{kubectl_ns(ns)} -l {','.join(f'{k}={v}' for k, v in selector.items())}",
                          f"kubectl describe endpoints {name}{kubectl_ns(ns)}"]),
            0.7, pods)

    def _selector_mismatch(self, state: ClusterState, svc: Obj, selector: dict[str, str], pods: PodIndex) -> Finding:
        ns, name = namespace_of(svc), name_of(svc)
        candidate, labels = closest_workload_labels(state, ns, selector, pods)
        evidence = [
            Evidence(source="spec", text=f"Service {name} selector: {format_labels(selector)}"),
            Evidence(source="endpoints", text=f"Endpoints {name}: <none>"),
        ]
        if candidate is None:
            in_ns = len(pods.by_namespace.get(ns, []))
            root = (f"Service {name} selects {format_labels(selector)} but no pod in namespace {ns} has those labels"
                    + (" (the namespace has no pods at all)" if not in_ns else " and none has similar labels"))
            fix = Fix(description="Deploy the workload the Service is meant for, or correct the Service selector.",
                      commands=[f"kubectl get pods{kubectl_ns(ns)} --show-labels"])
            return self._finding(svc, "Service has no endpoints", root, evidence, fix, 0.8, [])
        differences = []
        patch: dict[str, str | None] = {}
        for key, value in selector.items():
            if labels.get(key) == value:
                continue
            if key in labels:
                differences.append(f"{key}: {value} vs {key}: {labels[key]}")
                patch[key] = labels[key]
            else:
                differences.append(f"{key}: {value} is not a label of the pods")
                patch[key] = None
        evidence.append(Evidence(source=str(candidate), text=f"pod labels: {format_labels(labels)}"))
        root = (f"Service {name} selects {format_labels(selector)}, but no pod has those labels; the closest are the pods "
                f"of {candidate.kind} {candidate.name}, labelled {format_labels(labels)} ({'; '.join(differences)})")
        body = json.dumps({"spec": {"selector": patch}})
        fix = Fix(
            description=f"Point the Service selector at the pods' labels (or change the pod template labels of "
                        f"{candidate.kind} {candidate.name} to match the selector).",
            commands=[f"kubectl patch service {name}{kubectl_ns(ns)} -p '{body}'"],
        )
        return self._finding(svc, "Service has no endpoints: its selector matches no pods", root, evidence, fix, 0.9,
                             [candidate])

    def _none_ready(self, state: ClusterState, svc: Obj, selected: list[Obj]) -> Finding:
        ns, name = namespace_of(svc), name_of(svc)
        reasons: dict[str, list[str]] = defaultdict(list)
        for pod in selected:
            reasons[pod_failure(pod, state) or "not ready"].append(name_of(pod))
        workloads = workloads_of(state, selected)
        evidence = [Evidence(source="endpoints", text=f"Endpoints {name}: 0 ready addresses, "
                                                      f"{len(selected)} pod(s) selected but not ready")]
        evidence += [Evidence(source="status", text=f"{', '.join(pods[:3])}: {why}") for why, pods in reasons.items()]
        top = max(reasons.items(), key=lambda kv: len(kv[1]))[0]
        owner_names = ", ".join(f"{w.kind} {w.name}" for w in workloads)
        root = (f"Service {name} selects {len(selected)} pod(s) of {owner_names}, but none is ready, so it has no "
                f"endpoints; the pods fail with: {top}")
        pod = selected[0]
        fix = Fix(description=f"Fix the pods of {owner_names} (see the pod-level finding); the Service recovers when "
                              "a pod passes its readiness probe.",
                  commands=[f"kubectl describe pod {name_of(pod)}{kubectl_ns(ns)}", *_logs_command(pod)])
        return self._finding(svc, "Service has no ready endpoints", root, evidence, fix, 0.85,
                             workloads + pod_refs(selected))

    def _port_mismatch(self, state: ClusterState, svc: Obj, selected: list[Obj]) -> Finding | None:
        declared, named = _container_ports(selected[0])
        listening = _ports_from_logs(state, selected[0])
        probes = _probe_ports(selected[0])
        for index, port in enumerate((svc.get("spec") or {}).get("ports") or []):
            target = port.get("targetPort", port.get("port"))
            if isinstance(target, str) and not target.isdigit():
                if target in named:
                    continue
                actual = sorted(named) or sorted(declared)
                why = (f"targetPort {target!r} is not a named port of the containers "
                       f"(they declare {', '.join(map(str, actual)) or 'no ports'}), so no endpoint gets that port")
                good = declared[0] if len(declared) == 1 else (sorted(named)[0] if named else None)
                return self._port_finding(state, svc, index, port, why, good, selected, 0.9, listening)
            target = int(target)
            known = declared or listening or probes
            if not known or target in known:
                continue
            source = ("containerPort" if declared else "log" if listening else "probe port")
            why = (f"Service port {port.get('port')} sends traffic to targetPort {target}, but the containers listen on "
                   f"{', '.join(str(p) for p in known)} ({source}), so connections are refused")
            good = known[0] if len(set(known)) == 1 else None
            confidence = 0.9 if declared and (not listening or target not in listening) else 0.7
            return self._port_finding(state, svc, index, port, why, good, selected, confidence, listening)
        return None

    def _port_finding(self, state: ClusterState, svc: Obj, index: int, port: Obj, why: str, good: int | str | None,
                      selected: list[Obj], confidence: float, listening: list[int]) -> Finding:
        ns, name = namespace_of(svc), name_of(svc)
        declared, _ = _container_ports(selected[0])
        evidence = [
            Evidence(source="spec", text=f"Service {name} port {port.get('port')} -> targetPort {port.get('targetPort', port.get('port'))}"),
            Evidence(source="spec", text=f"pod {name_of(selected[0])} containerPorts: {', '.join(map(str, declared)) or 'none declared'}"),
        ]
        if listening:
            evidence.append(Evidence(source=f"logs:{name_of(selected[0])}", text=f"the app logs that it listens on port {listening[0]}"))
        commands = []
        if good is not None:
            value = json.dumps(good)
            commands.append(f"kubectl patch service {name}{kubectl_ns(ns)} --type json -p "
                            f"'[{{\"op\":\"replace\",\"path\":\"/spec/ports/{index}/targetPort\",\"value\":{value}}}]'")
        fix = Fix(description="Set the Service targetPort to the port the container listens on"
                              + (f" ({good})" if good is not None else "") + ".",
                  commands=commands or [f"kubectl edit service {name}{kubectl_ns(ns)}"])
        workloads = workloads_of(state, selected)
        return self._finding(svc, "Service has endpoints but requests fail (connection refused / 503)",
                             f"Service {name}: {why}", evidence, fix, confidence, workloads)

    def _finding(self, svc: Obj, symptom: str, root: str, evidence: list[Evidence], fix: Fix, confidence: float,
                 related: list[ObjectRef]) -> Finding:
        return Finding(analyzer=self.name, object=ref(svc), severity=Severity.CRITICAL, symptom=symptom,
                       root_cause=root, evidence=evidence, fix=fix, confidence=confidence, related=related)


def _logs_command(pod: Obj) -> list[str]:
    """`kubectl logs` for a pod that has run: with --previous when a container restarted, none if never started."""
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    if not any((cs.get("state") or {}).get("running") or cs.get("restartCount") for cs in statuses):
        return []
    previous = " --previous" if any(cs.get("restartCount") for cs in statuses) else ""
    return [f"kubectl logs {name_of(pod)}{kubectl_ns(namespace_of(pod))}{previous}"]


def _routes_to_pods(svc: Obj) -> bool:
    spec = svc.get("spec") or {}
    return spec.get("type") != "ExternalName" and bool(spec.get("selector"))


LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader"


def is_leader_lock(endpoints: Obj) -> bool:
    """An Endpoints object used as a leader-election lock (no addresses by design), not a Service's endpoints."""
    return LEADER_ANNOTATION in ((endpoints.get("metadata") or {}).get("annotations") or {})


def _ready_endpoint_counts(state: ClusterState) -> dict[tuple[str | None, str], int]:
    """Ready addresses per Service from Endpoints (or EndpointSlices); Services missing here are computed from pods."""
    counts: dict[tuple[str | None, str], int] = {}
    for ep in state.of_kind("Endpoints"):
        if is_leader_lock(ep):
            continue
        counts[(namespace_of(ep), name_of(ep))] = sum(len(s.get("addresses") or []) for s in ep.get("subsets") or [])
    if counts:
        return counts
    for es in state.of_kind("EndpointSlice"):
        svc = labels_of(es).get("kubernetes.io/service-name")
        if not svc:
            continue
        ready = sum(1 for e in es.get("endpoints") or [] if (e.get("conditions") or {}).get("ready", True))
        key = (namespace_of(es), svc)
        counts[key] = counts.get(key, 0) + ready
    return counts


def _container_ports(pod: Obj) -> tuple[list[int], set[str]]:
    numbers, names = [], set()
    for c in (pod.get("spec") or {}).get("containers") or []:
        for p in c.get("ports") or []:
            if p.get("containerPort"):
                numbers.append(int(p["containerPort"]))
            if p.get("name"):
                names.add(p["name"])
    return numbers, names


def _probe_ports(pod: Obj) -> list[int]:
    ports = []
    for c in (pod.get("spec") or {}).get("containers") or []:
        for probe_name in ("readinessProbe", "livenessProbe", "startupProbe"):
            probe = c.get(probe_name) or {}
            port = (probe.get("httpGet") or probe.get("tcpSocket") or {}).get("port")
            if isinstance(port, int) and port not in ports:
                ports.append(port)
    return ports


def _ports_from_logs(state: ClusterState, pod: Obj) -> list[int]:
    ports: list[int] = []
    for c in (pod.get("spec") or {}).get("containers") or []:
        text = state.log(namespace_of(pod) or "", name_of(pod), c.get("name", ""))
        for m in _LISTENING.finditer(text or ""):
            port = int(m.group(1))
            if port not in ports:
                ports.append(port)
    return ports
